package io.defuse.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.shared.Actor;
import io.defuse.shared.AdminAction;
import io.defuse.shared.Columns;
import io.defuse.shared.Role;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.Cursor;
import io.defuse.shared.web.CursorPage;
import io.defuse.shared.web.InvalidInput;

/**
 * Creates, lists, rotates and revokes API keys, and authenticates requests by them. Every
 * change is recorded in the audit log; the key itself never is.
 */
@Service
public class ApiKeyService {

	/** The longest a rotated key may keep working next to its replacement, in minutes. */
	public static final int MAX_ROTATION_GRACE_MINUTES = 24 * 60;

	static final Duration MAX_ROTATION_GRACE = Duration.ofMinutes(MAX_ROTATION_GRACE_MINUTES);

	static final String TARGET = "api-key";

	private final ApiKeyRepository keys;

	private final AccountRepository accounts;

	private final ApiKeyProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final JdbcClient jdbc;

	private final RecentKeys recent;

	ApiKeyService(ApiKeyRepository keys, AccountRepository accounts, ApiKeyProperties properties,
			ApplicationEventPublisher events, Clock clock, JdbcClient jdbc, RecentKeys recent) {
		this.jdbc = jdbc;
		this.recent = recent;
		this.keys = keys;
		this.accounts = accounts;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The actor a key authenticates, if the key exists and is neither revoked nor
	 * expired. Every request comes here: a key that authenticated lately is taken from
	 * {@link RecentKeys}, any other is read with one statement, outside a transaction.
	 * The last use is written at most once a minute.
	 */
	public Optional<Actor> authenticate(String key) {
		Instant now = now();
		String hash = ApiKeySecret.hash(key);
		long generation = this.recent.generation();
		RecentKeys.Known remembered = this.recent.get(hash, now);
		RecentKeys.Known known = (remembered != null) ? remembered : read(hash, now);
		if (known == null || !known.usableAt(now)) {
			return Optional.empty();
		}
		if (known.lastUsedAt() == null || known.lastUsedAt().plus(ApiKey.LAST_USED_PRECISION).isBefore(now)) {
			this.jdbc.sql("update api_keys set last_used_at = :now where id = :id")
				.param("now", Timestamp.from(now))
				.param("id", known.keyId())
				.update();
			known = known.usedAt(now);
		}
		if (known != remembered) {
			this.recent.put(hash, known, generation);
		}
		return Optional.of(known.actor());
	}

	private RecentKeys.Known read(String hash, Instant now) {
		return this.jdbc.sql("""
				select k.id as key_id, k.last_used_at, least(k.revoked_at, k.expires_at) as ends_at,
				       a.id, a.name, a.role,
				       array(select t.team_id from account_teams t where t.account_id = a.id) as teams
				from api_keys k join accounts a on a.id = k.account_id
				where k.key_hash = :hash and (k.revoked_at is null or k.revoked_at > :now)
				  and (k.expires_at is null or k.expires_at > :now)""")
			.param("hash", hash)
			.param("now", Timestamp.from(now))
			.query((row, n) -> new RecentKeys.Known(row.getObject("key_id", UUID.class),
					new Actor(row.getObject("id", UUID.class), row.getString("name"),
							Role.valueOf(row.getString("role")), Set.of((UUID[]) row.getArray("teams").getArray())),
					Columns.instant(row, "ends_at"), Columns.instant(row, "last_used_at"), now))
			.optional()
			.orElse(null);
	}

	/**
	 * Creates a key for the named principal, creating the principal on first use. A
	 * principal has one role; asking for another role under an existing name is refused
	 * rather than silently changed. A principal holding the most active keys allowed
	 * ({@code defuse.access.max-active-keys}) gets no more: 409 {@code too-many-keys}.
	 */
	@Transactional
	public NewApiKey create(String principal, Role role, String description, Instant expiresAt, Actor creator) {
		Instant now = now();
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "expiry-in-past", "Bad Request",
					"expiresAt must be in the future");
		}
		Instant expiry = (expiresAt != null) ? expiresAt.truncatedTo(ChronoUnit.MICROS) : null;
		Account account = accountFor(principal, role, now);
		int limit = this.properties.maxActiveKeys();
		if (this.keys.countActive(account, now) >= limit) {
			throw ApiException
				.conflict("too-many-keys",
						"Principal " + account.name() + " already holds " + limit
								+ " active keys, the most allowed; revoke one of them first")
				.with("limit", limit);
		}
		ApiKeySecret secret = ApiKeySecret.generate();
		ApiKey key = this.keys.save(new ApiKey(account, secret, description, expiry, creator.name(), now));
		Map<String, Object> details = principalOf(key);
		putIfSet(details, "expiresAt", key.expiresAt());
		audit(creator, "api-key.created", key, details);
		return new NewApiKey(key.id(), secret.value(), key.prefix(), account.name(), account.role(), key.description(),
				key.createdAt(), key.expiresAt());
	}

	/**
	 * Replaces an active key with a new one for the same principal, with the same role
	 * and description and a lifetime as long as the old key's. The old key keeps working
	 * for the grace period (at most {@link #MAX_ROTATION_GRACE_MINUTES}; zero: it stops
	 * at once), so the holder can switch without an outage. A revoked or expired key, or
	 * one already rotated, cannot be rotated: 409 {@code key-not-active}.
	 */
	@Transactional
	public RotatedApiKey rotate(UUID id, Duration grace, Actor actor) {
		Duration gracePeriod = Objects.requireNonNullElse(grace, Duration.ZERO);
		if (gracePeriod.isNegative() || gracePeriod.compareTo(MAX_ROTATION_GRACE) > 0) {
			throw InvalidInput.of("graceMinutes", "must be from 0 to " + MAX_ROTATION_GRACE.toMinutes());
		}
		ApiKey old = this.keys.findForUpdate(id).orElseThrow(() -> notFound(id));
		Instant now = now();
		if (!old.isActive(now) || old.isRetired()) {
			throw ApiException.conflict("key-not-active", "Only an active key can be rotated; this one is "
					+ (old.isActive(now) ? "already being replaced" : old.status(now).name().toLowerCase(Locale.ROOT)));
		}
		Instant expiresAt = (old.expiresAt() != null) ? now.plus(Duration.between(old.createdAt(), old.expiresAt()))
				: null;
		ApiKeySecret secret = ApiKeySecret.generate();
		ApiKey fresh = this.keys
			.save(new ApiKey(old.account(), secret, old.description(), expiresAt, actor.name(), now));
		old.retire(now.plus(gracePeriod), now);
		this.recent.forgetAllAfterCommit();
		Map<String, Object> details = principalOf(old);
		details.put("newKeyId", fresh.id().toString());
		details.put("graceMinutes", gracePeriod.toMinutes());
		details.put("revokedAt", old.revokedAt().toString());
		putIfSet(details, "newKeyExpiresAt", fresh.expiresAt());
		audit(actor, "api-key.rotated", old, details);
		return new RotatedApiKey(fresh.id(), secret.value(), fresh.prefix(), old.account().name(), old.account().role(),
				fresh.description(), fresh.createdAt(), fresh.expiresAt(), old.id(), old.revokedAt());
	}

	@Transactional(readOnly = true)
	public CursorPage<ApiKeyView> list(String principal, String cursor, int limit) {
		Cursor after = Objects.requireNonNullElse(Cursor.decode(cursor), ApiKeyRepository.START);
		Instant now = now();
		var rows = this.keys.page(after.at(), after.id(), Objects.requireNonNullElse(principal, ""),
				Limit.of(limit + 1));
		return CursorPage.of(rows, limit, (key) -> new Cursor(key.createdAt(), key.id()),
				(key) -> ApiKeyView.of(key, now));
	}

	@Transactional(readOnly = true)
	public ApiKeyView get(UUID id) {
		return ApiKeyView.of(find(id), now());
	}

	/**
	 * Revokes a key at once, also one still working in the grace period of a rotation.
	 * Revoking the last active admin key is refused: nobody could manage keys afterwards.
	 */
	@Transactional
	public ApiKeyView revoke(UUID id, Actor actor) {
		ApiKey key = this.keys.findForUpdate(id).orElseThrow(() -> notFound(id));
		Instant now = now();
		if (key.isActive(now) && !key.isRetired() && key.account().role() == Role.ADMIN
				&& this.keys.countOtherActiveAdminKeys(key.id(), now) == 0) {
			throw ApiException.conflict("last-admin-key",
					"This is the last active admin key; create another admin key before revoking it");
		}
		if (key.revoke(now)) {
			this.recent.forgetAllAfterCommit();
			audit(actor, "api-key.revoked", key, principalOf(key));
		}
		return ApiKeyView.of(key, now);
	}

	/**
	 * Stores an operator-chosen key for the admin principal unless it is stored already.
	 */
	@Transactional
	void ensureKey(String principal, Role role, ApiKeySecret secret, String description) {
		if (this.keys.findByHash(secret.hash()).isPresent()) {
			return;
		}
		Instant now = now();
		this.keys.save(new ApiKey(accountFor(principal, role, now), secret, description, null, "bootstrap", now));
	}

	@Transactional(readOnly = true)
	boolean anyKeyExists() {
		return this.keys.count() > 0;
	}

	private Account accountFor(String name, Role role, Instant now) {
		Account account = this.accounts.findByNameForUpdate(name)
			.orElseGet(() -> this.accounts.save(new Account(name, role, now)));
		if (account.role() != role) {
			throw ApiException.conflict("principal-role-mismatch",
					"Principal " + name + " has role " + account.role() + ", not " + role);
		}
		return account;
	}

	/** Microseconds, as PostgreSQL stores them: what we answer is what we stored. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private ApiKey find(UUID id) {
		return this.keys.findById(id).orElseThrow(() -> notFound(id));
	}

	private static ApiException notFound(UUID id) {
		return ApiException.notFound("API key", id);
	}

	/** Who a key is for; never the key, not even its prefix. */
	private static Map<String, Object> principalOf(ApiKey key) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("principal", key.account().name());
		details.put("role", key.account().role().name());
		return details;
	}

	private static void putIfSet(Map<String, Object> details, String name, Instant value) {
		if (value != null) {
			details.put(name, value.toString());
		}
	}

	private void audit(Actor actor, String action, ApiKey key, Map<String, Object> details) {
		this.events.publishEvent(new AdminAction(actor, action, TARGET, key.id().toString(), details));
	}

}
