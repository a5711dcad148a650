package io.defuse.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import io.defuse.shared.web.FieldError;
import io.defuse.shared.web.InvalidInput;

/**
 * The period a report covers: from {@code from} (included) to {@code to} (excluded).
 *
 * @param from the start, included
 * @param to the end, excluded
 */
@Schema(description = "The period reported on: from (included) to (excluded), in UTC")
public record ReportPeriod(Instant from, Instant to) {

	static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

	/** What {@code from} and {@code to} accept, for error messages and the API docs. */
	static final String FORMAT = "an ISO date (2026-11-01) or an instant with its offset (2026-11-01T08:00:00Z)";

	/**
	 * Reads the period from the request's parameters: a date as {@code from} is the start
	 * of that day, a date as {@code to} includes that whole day (UTC); instants are taken
	 * as given. Without {@code to} the period ends now, without {@code from} it starts
	 * {@code defaultLength} before its end.
	 * @throws InvalidInput for anything else: unreadable values, {@code from} not before
	 * {@code to}, a period longer than {@code maxLength}, or years outside 1970–9999
	 */
	static ReportPeriod of(String from, String to, Instant now, Duration defaultLength, Duration maxLength) {
		List<FieldError> errors = new ArrayList<>();
		Instant start = read("from", from, false, errors);
		Instant end = read("to", to, true, errors);
		if (!errors.isEmpty()) {
			throw new InvalidInput(errors);
		}
		end = (end != null) ? end : now;
		start = (start != null) ? start : end.minus(defaultLength);
		if (!start.isBefore(end)) {
			throw InvalidInput.of((from != null) ? "from" : "to", "must make a period: from (" + start
					+ ") must be before to (" + end + ")" + ((to == null) ? ", which is now" : ""));
		}
		if (Duration.between(start, end).compareTo(maxLength) > 0) {
			throw InvalidInput.of((to != null) ? "to" : "from",
					"must be at most " + maxLength.toDays() + " days apart; the period from " + start + " to " + end
							+ " is " + Duration.between(start, end).toDays() + " days");
		}
		return new ReportPeriod(start, end);
	}

	private static Instant read(String name, String value, boolean end, List<FieldError> errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Instant instant = parse(value.strip(), end);
		if (instant == null) {
			errors.add(new FieldError(name, "must be " + FORMAT));
			return null;
		}
		if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
			errors.add(new FieldError(name, "must be between 1970 and 9999"));
			return null;
		}
		return instant;
	}

	private static Instant parse(String value, boolean end) {
		if (value.length() > 40) {
			return null;
		}
		try {
			LocalDate date = LocalDate.parse(value);
			return (end ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		catch (DateTimeParseException ex) {
			// not a date; an instant then
		}
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
