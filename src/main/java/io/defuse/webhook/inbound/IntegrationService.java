package io.defuse.webhook.inbound;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.shared.Actor;
import io.defuse.access.Teams;
import io.defuse.shared.AdminAction;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.Cursor;
import io.defuse.shared.web.CursorPage;
import io.defuse.shared.web.Versions;

/**
 * Creates, lists, changes and deletes integrations, and rotates their secrets. A secret
 * is shown only in the answer that created it. Every change is recorded in the audit log.
 */
@Service
public class IntegrationService {

	private static final Logger log = LoggerFactory.getLogger(IntegrationService.class);

	private final IntegrationRepository integrations;

	private final InboundProperties properties;

	private final Teams teams;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	IntegrationService(IntegrationRepository integrations, InboundProperties properties, Teams teams,
			ApplicationEventPublisher events, Clock clock) {
		this.integrations = integrations;
		this.teams = teams;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A new, enabled integration with a fresh secret; a name already in use is 409
	 * {@code integration-name-taken}.
	 */
	@Transactional
	public IntegrationWithSecret create(NewIntegration input, Actor actor) {
		Objects.requireNonNull(input, "input");
		if (this.integrations.existsByName(input.name())) {
			throw ApiException.conflict("integration-name-taken",
					"An integration named " + input.name() + " already exists");
		}
		if (!this.teams.exists(input.teamId())) {
			throw new ApiException(org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT, "unknown-team",
					"Unprocessable Content", "Team " + input.teamId() + " does not exist");
		}
		Instant now = now();
		Integration integration = this.integrations.saveAndFlush(new Integration(input, now));
		log.info("Integration {} ({}) created by {}", integration.name(), integration.id(), actor.name());
		audit(actor, "integration.created", integration,
				Map.of("name", integration.name(), "enabled", integration.enabled()));
		return IntegrationWithSecret.of(integration, now);
	}

	/**
	 * Newest first.
	 * @param cursor {@code nextCursor} of the previous page, or {@code null} for the
	 * first
	 * @param limit page size, 1 to {@link CursorPage#MAX_LIMIT}
	 */
	@Transactional(readOnly = true)
	public CursorPage<IntegrationView> list(String cursor, int limit) {
		if (limit < 1 || limit > CursorPage.MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be 1 to " + CursorPage.MAX_LIMIT + ", not " + limit);
		}
		Cursor after = Objects.requireNonNullElse(Cursor.decode(cursor), IntegrationRepository.START);
		Instant now = now();
		var rows = this.integrations.page(after.at(), after.id(), Limit.of(limit + 1));
		return CursorPage.of(rows, limit, (integration) -> new Cursor(integration.createdAt(), integration.id()),
				(integration) -> IntegrationView.of(integration, now));
	}

	@Transactional(readOnly = true)
	public IntegrationView get(UUID id) {
		return IntegrationView.of(this.integrations.findById(id).orElseThrow(() -> notFound(id)), now());
	}

	/**
	 * Applies a JSON merge patch of {@code description} and {@code enabled}. With an
	 * {@code expectedVersion} (from If-Match) that is no longer current, nothing changes:
	 * 412. A disabled integration's messages are refused (404) until it is enabled again.
	 */
	@Transactional
	public IntegrationView update(UUID id, JsonNode mergePatch, Long expectedVersion, Actor actor) {
		IntegrationPatch patch = IntegrationPatch.parse(mergePatch);
		Integration integration = this.integrations.findForUpdate(id).orElseThrow(() -> notFound(id));
		Versions.check(expectedVersion, integration.version());
		Instant now = now();
		String descriptionBefore = integration.description();
		boolean enabledBefore = integration.enabled();
		if (integration.change(patch.description(integration), patch.enabled(integration), now)) {
			// the version is incremented on flush; the answer must carry the new one
			this.integrations.flush();
			log.info("Integration {} ({}) changed by {}: enabled={}", integration.name(), id, actor.name(),
					integration.enabled());
			List<String> fields = new ArrayList<>();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("name", integration.name());
			if (!Objects.equals(descriptionBefore, integration.description())) {
				fields.add("description");
			}
			if (enabledBefore != integration.enabled()) {
				fields.add("enabled");
				details.put("enabled", Map.of("before", enabledBefore, "after", integration.enabled()));
			}
			details.put("fields", fields);
			audit(actor, "integration.changed", integration, details);
		}
		return IntegrationView.of(integration, now);
	}

	/**
	 * Deletes the integration and its record of received messages; what it created stays.
	 */
	@Transactional
	public void delete(UUID id, Actor actor) {
		Integration integration = this.integrations.findForUpdate(id).orElseThrow(() -> notFound(id));
		this.integrations.delete(integration);
		log.info("Integration {} ({}) deleted by {}", integration.name(), id, actor.name());
		audit(actor, "integration.deleted", integration, Map.of("name", integration.name()));
	}

	/**
	 * A new secret, shown this once; the previous one keeps verifying for the configured
	 * grace period ({@code defuse.webhooks.inbound.rotation-grace}).
	 */
	@Transactional
	public IntegrationWithSecret rotateSecret(UUID id, Actor actor) {
		Integration integration = this.integrations.findForUpdate(id).orElseThrow(() -> notFound(id));
		Instant now = now();
		integration.rotateSecret(now.plus(this.properties.rotationGrace()), now);
		this.integrations.flush();
		log.info("Integration {} ({}): secret rotated by {}", integration.name(), id, actor.name());
		audit(actor, "integration.secret-rotated", integration, Map.of("name", integration.name(),
				"previousSecretValidUntil", String.valueOf(integration.previousSecretValidUntil(now))));
		return IntegrationWithSecret.of(integration, now);
	}

	private void audit(Actor actor, String action, Integration integration, Map<String, Object> details) {
		this.events.publishEvent(new AdminAction(actor, action, "integration", integration.id().toString(), details));
	}

	/** Microseconds, as PostgreSQL stores them: what we answer is what we stored. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private static ApiException notFound(UUID id) {
		return ApiException.notFound("Integration", id);
	}

}
