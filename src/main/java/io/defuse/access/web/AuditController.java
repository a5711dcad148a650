package io.defuse.access.web;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.access.AuditEntry;
import io.defuse.access.AuditLog;
import io.defuse.access.AuditQuery;
import io.defuse.shared.web.CursorPage;

/**
 * Read-only: entries are written by the actions they record, never through the API, so
 * every other method is 405.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit log", description = "Admin only: who took which administrative action, and when; append-only")
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping
	@Operation(summary = "Search the audit log",
			description = "Newest first, keyset-paginated; every filter is optional and they combine.")
	CursorPage<AuditEntry> search(
			@Parameter(description = "the acting principal's name") @RequestParam(required = false) String actor,
			@Parameter(description = "e.g. api-key.created") @RequestParam(required = false) String action,
			@Parameter(description = "e.g. webhook-endpoint") @RequestParam(required = false) String targetType,
			@Parameter(description = "the target's id (or key, such as a severity)") @RequestParam(
					required = false) String targetId,
			@Parameter(description = "from this time on (ISO-8601, inclusive)") @RequestParam(
					required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@Parameter(description = "before this time (ISO-8601, exclusive)") @RequestParam(
					required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
			@Parameter(description = "page size, 1 to 100") @RequestParam(
					defaultValue = "20") @Min(1) @Max(CursorPage.MAX_LIMIT) int limit) {
		return this.audit.search(new AuditQuery(actor, action, targetType, targetId, from, to), cursor, limit);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get one audit entry")
	AuditEntry get(@PathVariable long id) {
		return this.audit.get(id);
	}

}
