package io.defuse.customer.web;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.customer.CustomerService;
import io.defuse.customer.CustomerView;
import io.defuse.customer.NewCustomer;
import io.defuse.shared.Actor;
import io.defuse.shared.web.CursorPage;
import io.defuse.shared.web.Versions;

@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "Customers",
		description = "The people behind the cases: contact details, the language to talk to them in, their preferences")
class CustomerController {

	static final String MERGE_PATCH_JSON = "application/merge-patch+json";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String PROBLEM_REF = "#/components/schemas/Problem";

	private final CustomerService customers;

	CustomerController(CustomerService customers) {
		this.customers = customers;
	}

	@PostMapping
	@Operation(operationId = "createCustomer", summary = "Record a customer",
			description = "Records a customer; English unless `language` says otherwise. `externalRef` (the "
					+ "customer's id in your CRM) is optional but unique. The answer's `ETag` is the version to "
					+ "send as `If-Match` when changing the customer. Send an `Idempotency-Key` to retry safely.")
	@ApiResponse(responseCode = "201", description = "Recorded; `Location` and `ETag` refer to the new customer")
	@ApiResponse(responseCode = "409",
			description = "The external reference belongs to another customer "
					+ "(`external-ref-taken`, with its `customerId`)",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF)))
	ResponseEntity<CustomerView> create(@RequestBody NewCustomer input, @AuthenticationPrincipal Actor actor) {
		CustomerView created = this.customers.create(input, actor);
		return ResponseEntity.created(URI.create("/api/v1/customers/" + created.id()))
			.eTag(Versions.etag(created.version()))
			.body(created);
	}

	@GetMapping
	@Operation(operationId = "findCustomers", summary = "Find customers",
			description = "Newest first, keyset-paginated. `q` matches part of the display name, e-mail or "
					+ "external reference, ignoring case; without it, all customers.")
	CursorPage<CustomerView> search(
			@Parameter(description = "text the name, e-mail or external reference contains") @RequestParam(
					required = false) @Size(max = 200) String q,
			@Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
			@Parameter(description = "page size, 1 to 100") @RequestParam(
					defaultValue = "20") @Min(1) @Max(CursorPage.MAX_LIMIT) int limit,
			@AuthenticationPrincipal Actor actor) {
		return this.customers.search(q, cursor, limit, actor);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getCustomer", summary = "Get a customer",
			description = "The `ETag` is the customer's version: send it as `If-Match` when changing them.")
	ResponseEntity<CustomerView> get(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
		CustomerView customer = this.customers.get(id, actor);
		return ResponseEntity.ok().eTag(Versions.etag(customer.version())).body(customer);
	}

	@PatchMapping(path = "/{id}", consumes = { MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE })
	@Operation(operationId = "changeCustomer", summary = "Change a customer",
			description = "A JSON merge patch (RFC 7396): fields left out stay as they are, `null` clears a field "
					+ "(not `displayName` or `language`), unknown fields are refused. Send the `ETag` you read "
					+ "as `If-Match`: if someone changed the customer since, nothing changes and the answer is "
					+ "412. The answer carries the new `ETag`.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = {
					@Content(mediaType = MERGE_PATCH_JSON, schema = @Schema(implementation = CustomerMergePatch.class)),
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = CustomerMergePatch.class)) })
	@ApiResponse(responseCode = "200", description = "Changed (or already so); the body and `ETag` are current")
	@ApiResponse(responseCode = "409",
			description = "The new external reference belongs to another customer (`external-ref-taken`)",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF)))
	@ApiResponse(responseCode = "412",
			description = "`If-Match` is not the current version (`stale-version`, with `currentVersion`); "
					+ "nothing changed: reload and try again",
			content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF)))
	ResponseEntity<CustomerView> update(@PathVariable UUID id, @RequestBody JsonNode patch,
			@Parameter(
					description = "the ETag last read, e.g. \"3\"; omit to change whatever is current") @RequestHeader(
							name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@AuthenticationPrincipal Actor actor) {
		CustomerView updated = this.customers.update(id, patch, Versions.expected(ifMatch), actor);
		return ResponseEntity.ok().eTag(Versions.etag(updated.version())).body(updated);
	}

}
