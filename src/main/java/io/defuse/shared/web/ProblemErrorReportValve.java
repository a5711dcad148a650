package io.defuse.shared.web;

import java.io.IOException;
import java.io.Writer;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatusCode;

/**
 * Answers the errors Tomcat reports itself with a problem instead of its HTML page:
 * requests it refuses before any filter runs (an encoded slash or NUL in the path, a
 * malformed URL, headers over the size limit) and errors no error page answered. The
 * correlation id follows the rule of {@link CorrelationIdFilter}, which has not run.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private static final Pattern ACCEPTABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean writable = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
		if (!writable.get()) {
			return;
		}
		String id = response.getHeader(CorrelationIdFilter.HEADER);
		if (id == null) {
			String offered = request.getHeader(CorrelationIdFilter.HEADER);
			id = (offered != null && ACCEPTABLE_ID.matcher(offered).matches()) ? offered : UUID.randomUUID().toString();
			response.setHeader(CorrelationIdFilter.HEADER, id);
		}
		HttpStatusCode code = HttpStatusCode.valueOf(status);
		String detail = code.is5xxServerError() ? "The request could not be completed; quote the correlation id"
				: "The request was refused before it reached the service";
		String body = "{\"type\":\"" + Problems.TYPE_PREFIX + Problems.codeFor(code) + "\",\"title\":\""
				+ Problems.titleFor(code) + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\""
				+ Problems.codeFor(code) + "\",\"correlationId\":\"" + id + "\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response cannot be written any more
		}
	}

}
