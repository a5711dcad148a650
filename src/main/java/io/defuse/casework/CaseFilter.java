package io.defuse.casework;

import io.defuse.shared.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.criteria.Predicate;

import org.springframework.data.jpa.domain.Specification;

import io.defuse.shared.TeamScope;
import io.defuse.shared.web.Cursor;

/**
 * The filters of {@code GET /cases}; every one optional, all combined with AND.
 *
 * @param step only cases in this step
 * @param severity only cases of this severity
 * @param assignee only cases assigned to this principal
 * @param customer only this customer's cases
 * @param escalated only escalated (true) or not escalated (false) cases
 * @param q text in the subject, or the case number
 * @param team only this team's cases
 */
public record CaseFilter(Step step, Severity severity, String assignee, UUID customer, Boolean escalated, String q,
		UUID team) {

	/**
	 * The filter plus the keyset position, newest first, within what the scope may see.
	 */
	Specification<SupportCase> toSpecification(Cursor after, TeamScope scope) {
		return (root, query, cb) -> {
			List<Predicate> where = new ArrayList<>();
			if (!scope.all()) {
				where.add(root.get("teamId").in(scope.teams()));
			}
			if (this.team != null) {
				where.add(cb.equal(root.get("teamId"), this.team));
			}
			if (this.step != null) {
				where.add(cb.equal(root.get("step"), this.step));
			}
			if (this.severity != null) {
				where.add(cb.equal(root.get("severity"), this.severity));
			}
			if (this.assignee != null && !this.assignee.isBlank()) {
				where.add(cb.equal(root.get("assignee"), this.assignee.strip()));
			}
			if (this.customer != null) {
				where.add(cb.equal(root.get("customerId"), this.customer));
			}
			if (this.escalated != null) {
				where.add(cb.equal(root.get("escalated"), this.escalated));
			}
			if (this.q != null && !this.q.isBlank()) {
				String text = this.q.strip();
				Predicate subject = cb.like(cb.lower(root.get("subject")),
						"%" + escapeLike(text.toLowerCase(Locale.ROOT)) + "%", '\\');
				where.add(text.matches("\\d{1,18}") ? cb.or(subject, cb.equal(root.get("number"), Long.parseLong(text)))
						: subject);
			}
			if (after != null) {
				where.add(cb.or(cb.lessThan(root.get("createdAt"), after.at()),
						cb.and(cb.equal(root.get("createdAt"), after.at()), cb.lessThan(root.get("id"), after.id()))));
			}
			return cb.and(where.toArray(Predicate[]::new));
		};
	}

	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
