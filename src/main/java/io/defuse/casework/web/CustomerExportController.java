package io.defuse.casework.web;

import java.io.IOException;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.defuse.casework.CustomerExportService;
import io.defuse.casework.ExportViews.CustomerExport;
import io.defuse.shared.Actor;

/**
 * The export lives with the cases: casework sees customers, not the other way round.
 */
@RestController
@Tag(name = "Privacy")
class CustomerExportController {

	private final CustomerExportService exports;

	CustomerExportController(CustomerExportService exports) {
		this.exports = exports;
	}

	@GetMapping(path = "/api/v1/customers/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "exportCustomer", summary = "Export everything held about a customer (GDPR art. 15/20)",
			description = "One JSON document, downloaded as an attachment and never cached: the profile (with any "
					+ "legal hold), and every case, oldest first, with its details, offers, responses, follow-ups, "
					+ "notes, statements (with their tension or empathy analysis) and timeline. `format` and "
					+ "`formatVersion` name the shape. Written as it is read, so it suits customers with many "
					+ "cases. Every export is recorded for the audit log.")
	@ApiResponse(responseCode = "200", description = "The document",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = CustomerExport.class)))
	void export(@PathVariable UUID id, @AuthenticationPrincipal Actor actor, HttpServletResponse response)
			throws IOException {
		CustomerExportService.Export export = this.exports.start(id, actor);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(export.filename()).build().toString());
		this.exports.write(export, response.getOutputStream());
	}

}
