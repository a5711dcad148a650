package io.defuse.deescalation.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.deescalation.GuidanceService;
import io.defuse.deescalation.GuidanceSet;
import io.defuse.deescalation.GuidanceStep;
import io.defuse.deescalation.GuidanceTexts;
import io.defuse.shared.Actor;
import io.defuse.shared.Language;
import io.defuse.shared.web.Versions;

@RestController
@RequestMapping("/api/v1/guidance")
@Tag(name = "Guidance texts",
		description = "What agents are told to do and say, per step and language; admins edit them")
class GuidanceController {

	private final GuidanceService guidance;

	GuidanceController(GuidanceService guidance) {
		this.guidance = guidance;
	}

	@GetMapping
	@Operation(summary = "List the guidance texts", description = "By step in workflow order, then language.")
	List<GuidanceSet> list(@Parameter(description = "only this step") @RequestParam(required = false) GuidanceStep step,
			@Parameter(description = "only this language: en, de or cs") @RequestParam(
					required = false) Language lang) {
		return this.guidance.all(step, lang);
	}

	@GetMapping("/{step}/{lang}")
	@Operation(summary = "Get the guidance texts of one step in one language")
	ResponseEntity<GuidanceSet> get(@PathVariable GuidanceStep step,
			@Parameter(description = "en, de or cs") @PathVariable Language lang) {
		GuidanceSet set = this.guidance.get(step, lang);
		return ResponseEntity.ok().eTag(Versions.etag(set.version())).body(set);
	}

	@PutMapping("/{step}/{lang}")
	@Operation(summary = "Replace the guidance texts of one step in one language (admin)",
			description = "Texts may use the placeholders {name}, {previousCases} and {acceptedRemedies}; "
					+ "questions (by missing detail) belong to GATHER only. Send If-Match to refuse a stale edit.")
	ResponseEntity<GuidanceSet> replace(@PathVariable GuidanceStep step,
			@Parameter(description = "en, de or cs") @PathVariable Language lang, @RequestBody GuidanceTexts texts,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, @AuthenticationPrincipal Actor actor) {
		GuidanceSet set = this.guidance.replace(step, lang, texts, Versions.expected(ifMatch), actor);
		return ResponseEntity.ok().eTag(Versions.etag(set.version())).body(set);
	}

}
