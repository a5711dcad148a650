package io.defuse.casework;

import java.time.Instant;
import java.util.UUID;
import java.util.function.BiConsumer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.defuse.deescalation.TensionLevel;
import io.defuse.shared.AssignedIdEntity;
import io.defuse.shared.Language;
import io.defuse.shared.Role;

/**
 * Something said in the conversation, recorded verbatim. Created by its case and stored
 * with it (the first one by Hibernate with the new case, later ones by {@link CaseRows}
 * with the case's row), never changed.
 */
@Entity
@Immutable
@Table(name = "case_statements")
class Statement extends AssignedIdEntity<UUID> {

	/** Longest statement accepted. */
	static final int MAX_LENGTH = 10_000;

	@Id
	private UUID id;

	@Column(name = "case_id", nullable = false)
	private UUID caseId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 10)
	private Speaker speaker;

	@Column(nullable = false, length = MAX_LENGTH)
	private String text;

	@Enumerated(EnumType.STRING)
	@Column(length = 2)
	private Language language;

	@Column(name = "tension_score")
	private Integer tensionScore;

	@Enumerated(EnumType.STRING)
	@Column(name = "tension_level", length = 10)
	private TensionLevel tensionLevel;

	/**
	 * The full analysis: signals with evidence (customer), or empathy findings (agent).
	 */
	@JdbcTypeCode(SqlTypes.JSON)
	@Column(columnDefinition = "jsonb")
	private String analysis;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "author", nullable = false, length = 100)
	private String author;

	@Enumerated(EnumType.STRING)
	@Column(name = "author_role", nullable = false, length = 20)
	private Role authorRole;

	protected Statement() {
	}

	Statement(UUID caseId, Speaker speaker, String text, StatementAnalysis analysis, String author, Role authorRole,
			Instant now) {
		this.id = UUID.randomUUID();
		this.caseId = caseId;
		this.speaker = speaker;
		this.text = text;
		this.language = analysis.language();
		this.tensionScore = (analysis.tension() != null) ? analysis.tension().score() : null;
		this.tensionLevel = (analysis.tension() != null) ? analysis.tension().level() : null;
		this.analysis = analysis.json();
		this.author = author;
		this.authorRole = authorRole;
		this.createdAt = now;
	}

	UUID id() {
		return this.id;
	}

	UUID caseId() {
		return this.caseId;
	}

	Speaker speaker() {
		return this.speaker;
	}

	String text() {
		return this.text;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Language language() {
		return this.language;
	}

	Integer tensionScore() {
		return this.tensionScore;
	}

	TensionLevel tensionLevel() {
		return this.tensionLevel;
	}

	String analysis() {
		return this.analysis;
	}

	String author() {
		return this.author;
	}

	/**
	 * Its row as {@link CaseRows} inserts it, every column with its value (see
	 * {@link SupportCase#forEachColumn}).
	 */
	void forEachColumn(BiConsumer<String, Object> column) {
		column.accept("id", this.id);
		column.accept("case_id", this.caseId);
		column.accept("speaker", this.speaker);
		column.accept("text", this.text);
		column.accept("language", this.language);
		column.accept("tension_score", this.tensionScore);
		column.accept("tension_level", this.tensionLevel);
		column.accept("analysis", this.analysis);
		column.accept("created_at", this.createdAt);
		column.accept("author", this.author);
		column.accept("author_role", this.authorRole);
	}

	@Override
	public UUID getId() {
		return this.id;
	}

}
