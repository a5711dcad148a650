package io.defuse.sla.web;

import java.time.Duration;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.shared.Actor;
import io.defuse.shared.Severity;
import io.defuse.shared.web.Versions;
import io.defuse.sla.SlaPolicy;
import io.defuse.sla.SlaPolicyService;

@RestController
@RequestMapping("/api/v1/sla-policies")
@Tag(name = "SLA policies", description = "Targets per severity: acknowledgement, response, follow-up delay")
class SlaPolicyController {

	private final SlaPolicyService policies;

	SlaPolicyController(SlaPolicyService policies) {
		this.policies = policies;
	}

	@GetMapping
	@Operation(summary = "List the SLA policies", description = "One per severity, LOW to CRITICAL.")
	List<SlaPolicy> list() {
		return this.policies.all();
	}

	@GetMapping("/{severity}")
	@Operation(summary = "Get the SLA policy of a severity")
	ResponseEntity<SlaPolicy> get(@PathVariable Severity severity) {
		SlaPolicy policy = this.policies.policyFor(severity);
		return ResponseEntity.ok().eTag(Versions.etag(policy.version())).body(policy);
	}

	@PutMapping("/{severity}")
	@Operation(summary = "Change the SLA policy of a severity (admin)",
			description = "Durations in ISO-8601 (PT4H, P3D). Running clocks are measured against the new targets from the next check on.")
	ResponseEntity<SlaPolicy> update(@PathVariable Severity severity, @RequestBody PolicyChange request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		SlaPolicy policy = this.policies.update(severity, request.acknowledgeWithin(), request.respondWithin(),
				request.followUpDelay(), request.warnAtPercent(), Versions.expected(ifMatch), actor);
		return ResponseEntity.ok().eTag(Versions.etag(policy.version())).body(policy);
	}

	/**
	 * @param acknowledgeWithin from opening to acknowledgement
	 * @param respondWithin from the accepted offer to the recorded response
	 * @param followUpDelay from the response to the follow-up
	 * @param warnAtPercent share of a target after which a warning goes out (1–99)
	 */
	record PolicyChange(@Schema(type = "string", format = "duration", example = "PT4H") Duration acknowledgeWithin,
			@Schema(type = "string", format = "duration", example = "P3D") Duration respondWithin,
			@Schema(type = "string", format = "duration", example = "P2D") Duration followUpDelay,
			@Schema(example = "80") Integer warnAtPercent) {
	}

}
