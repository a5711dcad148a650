package io.defuse.access;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.defuse.shared.Actor;
import io.defuse.shared.Role;
import io.defuse.shared.web.ApiException;
import io.defuse.shared.web.Cursor;
import io.defuse.shared.web.CursorPage;

/** Creates, lists and revokes API keys, and authenticates requests by them. */
@Service
public class ApiKeyService {

	private final ApiKeyRepository keys;

	private final AccountRepository accounts;

	private final Clock clock;

	ApiKeyService(ApiKeyRepository keys, AccountRepository accounts, Clock clock) {
		this.keys = keys;
		this.accounts = accounts;
		this.clock = clock;
	}

	/**
	 * The actor a key authenticates, if the key exists and is neither revoked nor
	 * expired.
	 */
	@Transactional
	public Optional<Actor> authenticate(String key) {
		Instant now = this.clock.instant();
		return this.keys.findByHash(ApiKeySecret.hash(key)).filter((found) -> found.isActive(now)).map((found) -> {
			if (found.lastUseIsStale(now)) {
				this.keys.touch(found.id(), now);
			}
			return found.account().toActor();
		});
	}

	/**
	 * Creates a key for the named principal, creating the principal on first use. A
	 * principal has one role; asking for another role under an existing name is refused
	 * rather than silently changed.
	 */
	@Transactional
	public NewApiKey create(String principal, Role role, String description, Instant expiresAt, Actor creator) {
		Instant now = this.clock.instant();
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "expiry-in-past", "Bad Request",
					"expiresAt must be in the future");
		}
		Account account = accountFor(principal, role, now);
		ApiKeySecret secret = ApiKeySecret.generate();
		ApiKey key = this.keys.save(new ApiKey(account, secret, description, expiresAt, creator.name(), now));
		return new NewApiKey(key.id(), secret.value(), key.prefix(), account.name(), account.role(), key.description(),
				key.createdAt(), key.expiresAt());
	}

	@Transactional(readOnly = true)
	public CursorPage<ApiKeyView> list(String principal, String cursor, int limit) {
		Cursor after = Objects.requireNonNullElse(Cursor.decode(cursor), ApiKeyRepository.START);
		Instant now = this.clock.instant();
		var rows = this.keys.page(after.at(), after.id(), Objects.requireNonNullElse(principal, ""),
				Limit.of(limit + 1));
		return CursorPage.of(rows, limit, (key) -> new Cursor(key.createdAt(), key.id()),
				(key) -> ApiKeyView.of(key, now));
	}

	@Transactional(readOnly = true)
	public ApiKeyView get(UUID id) {
		return ApiKeyView.of(find(id), this.clock.instant());
	}

	/**
	 * Revokes a key at once. Revoking the last active admin key is refused: nobody could
	 * manage keys afterwards.
	 */
	@Transactional
	public ApiKeyView revoke(UUID id) {
		ApiKey key = find(id);
		Instant now = this.clock.instant();
		if (key.isActive(now) && key.account().role() == Role.ADMIN
				&& this.keys.countOtherActiveAdminKeys(key.id(), now) == 0) {
			throw ApiException.conflict("last-admin-key",
					"This is the last active admin key; create another admin key before revoking it");
		}
		key.revoke(now);
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
		Instant now = this.clock.instant();
		this.keys.save(new ApiKey(accountFor(principal, role, now), secret, description, null, "bootstrap", now));
	}

	@Transactional(readOnly = true)
	boolean anyKeyExists() {
		return this.keys.count() > 0;
	}

	private Account accountFor(String name, Role role, Instant now) {
		Account account = this.accounts.findByName(name)
			.orElseGet(() -> this.accounts.save(new Account(name, role, now)));
		if (account.role() != role) {
			throw ApiException.conflict("principal-role-mismatch",
					"Principal " + name + " has role " + account.role() + ", not " + role);
		}
		return account;
	}

	private ApiKey find(UUID id) {
		return this.keys.findById(id).orElseThrow(() -> ApiException.notFound("API key", id));
	}

}
