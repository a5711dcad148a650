package io.defuse.deescalation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.shared.Actor;
import io.defuse.shared.AdminAction;
import io.defuse.shared.CachedRead;
import io.defuse.shared.Columns;
import io.defuse.shared.Language;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.InvalidInput;
import io.defuse.shared.web.Versions;

/**
 * The guidance texts per step and language: seeded by migration, edited by admins. Every
 * step has a set in every language, so reading one never fails.
 */
@Service
public class GuidanceService {

	/** How long {@link #textsFor} keeps what it read. */
	static final Duration CACHED_FOR = Duration.ofSeconds(5);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/** Every set's texts by step and language, for {@link #textsFor}. */
	private final CachedRead<Map<GuidanceStep, Map<Language, GuidanceTexts>>> cached;

	GuidanceService(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.events = events;
		this.clock = clock;
		this.cached = new CachedRead<>(CACHED_FOR, clock,
				() -> all(null, null).stream()
					.collect(Collectors.groupingBy(GuidanceSet::step, () -> new EnumMap<>(GuidanceStep.class),
							Collectors.toMap(GuidanceSet::language, GuidanceSet::texts, (a, b) -> a,
									() -> new EnumMap<>(Language.class)))));
	}

	/** Every set, by step in workflow order, then language; either filter optional. */
	@Transactional(readOnly = true)
	public List<GuidanceSet> all(GuidanceStep step, Language language) {
		return this.jdbc.sql("""
				select * from guidance_texts
				where (:step = '' or step = :step) and (:language = '' or language = :language)
				order by array_position(array['LISTEN','GATHER','OFFER','RESPOND','FOLLOW_UP','CLOSED'], step::text),
				         array_position(array['en','de','cs'], language::text)""")
			.param("step", (step != null) ? step.name() : "")
			.param("language", (language != null) ? language.code() : "")
			.query(this::set)
			.list();
	}

	/**
	 * The texts of the step in the language as read at most {@link #CACHED_FOR} ago: for
	 * every guidance answer, which need not read and parse them each time. A replacement
	 * made here is seen at once; one made on another instance within that time.
	 */
	public GuidanceTexts textsFor(GuidanceStep step, Language language) {
		return this.cached.get().get(step).get(language);
	}

	@Transactional(readOnly = true)
	public GuidanceSet get(GuidanceStep step, Language language) {
		return this.jdbc.sql("select * from guidance_texts where step = :step and language = :language")
			.param("step", step.name())
			.param("language", language.code())
			.query(this::set)
			.optional()
			.orElseThrow(() -> ApiException.notFound("Guidance", step + "/" + language));
	}

	/**
	 * Replaces the texts of one step in one language; agents see them on their next
	 * request to this instance, and within {@link #CACHED_FOR} on others. The audit log
	 * records which set and version, not the texts.
	 */
	@Transactional
	public GuidanceSet replace(GuidanceStep step, Language language, GuidanceTexts texts, Long expectedVersion,
			Actor actor) {
		InvalidInput.required("body", texts);
		if (step != GuidanceStep.GATHER && !texts.questions().isEmpty()) {
			throw InvalidInput.of("questions", "are asked in GATHER only");
		}
		long current = this.jdbc
			.sql("select version from guidance_texts where step = :step and language = :language for update")
			.param("step", step.name())
			.param("language", language.code())
			.query(Long.class)
			.optional()
			.orElseThrow(() -> ApiException.notFound("Guidance", step + "/" + language));
		Versions.check(expectedVersion, current);
		this.jdbc.sql("""
				update guidance_texts set texts = cast(:texts as jsonb), version = version + 1, updated_at = :now,
				       updated_by = :by
				where step = :step and language = :language""")
			.param("texts", this.json.writeValueAsString(texts))
			.param("now", Timestamp.from(this.clock.instant()))
			.param("by", actor.name())
			.param("step", step.name())
			.param("language", language.code())
			.update();
		GuidanceSet replaced = get(step, language);
		this.cached.forget();
		this.events.publishEvent(new AdminAction(actor, "guidance.replaced", "guidance",
				step.name() + "/" + language.code(), Map.of("step", step.name(), "language", language.code(), "version",
						replaced.version(), "previousVersion", current)));
		return replaced;
	}

	/** How a remedy (an offer type such as {@code REPAIR}) is named in a sentence. */
	public String remedyName(String remedy, Language language) {
		Objects.requireNonNull(remedy, "remedy");
		return Lexicon.standard().vocabulary(language).remedyNames.getOrDefault(remedy, remedy);
	}

	private GuidanceSet set(ResultSet row, int n) throws SQLException {
		return new GuidanceSet(GuidanceStep.valueOf(row.getString("step")), Language.of(row.getString("language")),
				this.json.readValue(row.getString("texts"), GuidanceTexts.class), row.getLong("version"),
				Columns.instant(row, "updated_at"), row.getString("updated_by"));
	}

}
