package io.defuse.shared.web;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where exceptions become problem answers. Every answer gets a stable code,
 * a title and the correlation id; 4xx are logged as warnings without stack traces, 5xx as
 * errors with one, and the client never sees exception text it did not cause.
 */
@RestControllerAdvice
class GlobalExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GlobalExceptionHandler.class);

	/** How PostgreSQL names the constraint in its message; the name is not personal. */
	private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([A-Za-z0-9_]{1,63})\"");

	@ExceptionHandler(ApiException.class)
	ResponseEntity<Object> handleApi(ApiException ex) {
		ProblemDetail problem = Problems.of(ex.status(), ex.code(), ex.title(), ex.getMessage());
		ex.properties().forEach(problem::setProperty);
		return respond(problem, new HttpHeaders());
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex) {
		List<FieldError> errors = ex.getConstraintViolations()
			.stream()
			.map((violation) -> new FieldError(lastNode(violation.getPropertyPath().toString()),
					violation.getMessage()))
			.toList();
		return respond(validationFailed(errors), new HttpHeaders());
	}

	@ExceptionHandler({ OptimisticLockingFailureException.class, PessimisticLockingFailureException.class })
	ResponseEntity<Object> handleConcurrentChange(RuntimeException ex) {
		return respond(
				Problems.of(HttpStatus.CONFLICT, "concurrent-modification", "Conflict",
						"The resource was changed by someone else at the same time; reload it and try again"),
				new HttpHeaders());
	}

	/**
	 * Logs the constraint's name, never the database's message, which quotes the values
	 * refused (a customer's data, a failing row).
	 */
	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<Object> handleIntegrity(DataIntegrityViolationException ex) {
		if (isDataException(ex)) {
			log.warn("Refused by the database as a value it cannot store: {}", constraintOf(ex));
			return respond(Problems.of(HttpStatus.BAD_REQUEST, "unstorable-value", "Bad Request",
					"A value is outside what can be stored (a date too far in the past or future, a number too large)"),
					new HttpHeaders());
		}
		log.warn("Refused by a database constraint: {}", constraintOf(ex));
		return respond(Problems.of(HttpStatus.CONFLICT, "constraint-violated", "Conflict",
				"The change conflicts with data already stored"), new HttpHeaders());
	}

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<Object> handleAuthentication(AuthenticationException ex) {
		return respond(Problems.forStatus(HttpStatus.UNAUTHORIZED, "Authentication is required"), new HttpHeaders());
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex) {
		return respond(Problems.forStatus(HttpStatus.FORBIDDEN, "Your role may not perform this operation"),
				new HttpHeaders());
	}

	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<Object> handleTooLarge(PayloadTooLargeException ex) {
		return respond(RequestBodyLimitFilter.tooLarge(ex.limit()), new HttpHeaders());
	}

	/**
	 * No database connection within the pool's timeout, no database at all, or a
	 * connection that broke under the request (the database restarted): 503 with
	 * {@code Retry-After}, never a 500 (see {@link LoadSheddingFilter}).
	 */
	@ExceptionHandler({ CannotCreateTransactionException.class, DataAccessResourceFailureException.class })
	ResponseEntity<Object> handleUnavailable(Exception ex) {
		log.warn("No database connection: {}", LoadSheddingFilter.mostSpecificMessage(ex));
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(LoadSheddingFilter.RETRY_AFTER_SECONDS));
		return respond(LoadSheddingFilter.unavailable(LoadSheddingFilter.DATABASE_DETAIL), headers);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex) {
		if (LoadSheddingFilter.databaseUnavailable(ex)) {
			return handleUnavailable(ex);
		}
		log.error("Unexpected failure", ex);
		return respond(
				Problems.forStatus(HttpStatus.INTERNAL_SERVER_ERROR,
						"The request could not be completed; quote the correlation id when reporting this"),
				new HttpHeaders());
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldError(error.getField(), error.getDefaultMessage()))
			.toList();
		return respond(validationFailed(errors), headers);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldError(parameterName(result.getMethodParameter().getParameterName()),
						error.getDefaultMessage())))
			.toList();
		return respond(validationFailed(errors), headers);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		String expected = (ex.getRequiredType() != null) ? describe(ex.getRequiredType()) : "another type";
		return respond(validationFailed(List.of(new FieldError(parameterName(name), "must be " + expected))), headers);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Optional<PayloadTooLargeException> tooLarge = causeOfType(ex, PayloadTooLargeException.class);
		if (tooLarge.isPresent()) {
			return handleTooLarge(tooLarge.get());
		}
		Optional<JacksonException> jackson = causeOfType(ex, JacksonException.class);
		if (jackson.isEmpty()) {
			return respond(Problems.of(HttpStatus.BAD_REQUEST, "unreadable-body", "Bad Request",
					"The request body is missing or cannot be read"), headers);
		}
		JacksonException cause = jackson.get();
		Optional<ApiException> refused = causeOfType(ex, ApiException.class);
		if (refused.isPresent()) {
			return handleRefusedInput(refused.get(), path(cause), headers);
		}
		if (cause instanceof StreamReadException) {
			return respond(Problems.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
					"The request body is not valid JSON" + where(cause.getLocation())), headers);
		}
		return respond(validationFailed(List.of(new FieldError(path(cause), explain(cause)))), headers);
	}

	/**
	 * An input record that validates itself at construction refused the body: its own
	 * answer, with the field names made relative to the body when the record is nested
	 * ({@code customer.email}).
	 */
	private ResponseEntity<Object> handleRefusedInput(ApiException refused, String at, HttpHeaders headers) {
		ProblemDetail problem = Problems.of(refused.status(), refused.code(), refused.title(), refused.getMessage());
		refused.properties()
			.forEach((name, value) -> problem.setProperty(name,
					(value instanceof List<?> errors && !at.equals("(body)")) ? within(at, errors) : value));
		return respond(problem, headers);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return respond(Problems.forStatus(HttpStatus.NOT_FOUND,
				"No endpoint " + ex.getHttpMethod() + " /" + ex.getResourcePath()), headers);
	}

	/**
	 * No controller maps the path. (Static resources are not served: without their
	 * handler at {@code /**}, an unknown path is not looked up in the jar's resource
	 * folders first, which cost a 404 more CPU than reading a case.)
	 */
	@Override
	protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return respond(Problems.forStatus(HttpStatus.NOT_FOUND,
				"No endpoint " + ex.getHttpMethod() + " " + ex.getRequestURL()), headers);
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return respond(Problems.forStatus(HttpStatus.METHOD_NOT_ALLOWED,
				"Method " + ex.getMethod() + " is not supported here; supported: " + ex.getSupportedHttpMethods()),
				headers);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return respond(Problems.forStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Content type " + ex.getContentType() + " is not supported; send application/json"), headers);
	}

	/**
	 * Every answer built by the base class passes here: give it our code, type and
	 * correlation id.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		ProblemDetail problem = (body instanceof ProblemDetail detail && detail.getProperties() != null
				&& detail.getProperties().containsKey("code")) ? detail
						: Problems.forStatus(status,
								(body instanceof ProblemDetail detail) ? detail.getDetail() : null);
		return respond(problem, headers);
	}

	/**
	 * A 4xx is logged with its status and code only: its detail goes to the client, who
	 * sent what it quotes (an external reference, a reason typed by an agent), and the
	 * access log line of the same correlation id tells the rest.
	 */
	private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers) {
		HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
		if (status.is4xxClientError()) {
			log.warn("{} {}", problem.getStatus(), problem.getProperties().get("code"));
		}
		HttpHeaders answer = new HttpHeaders();
		answer.putAll(headers);
		answer.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return new ResponseEntity<>(problem, answer, status);
	}

	/** The violated constraint's name and the SQLState, when the cause tells them. */
	static String constraintOf(DataIntegrityViolationException ex) {
		SQLException sql = causeOfType(ex, SQLException.class).orElse(null);
		if (sql == null) {
			return "(no SQL state)";
		}
		Matcher constraint = CONSTRAINT.matcher(String.valueOf(sql.getMessage()));
		return "SQLState " + sql.getSQLState() + (constraint.find() ? ", constraint " + constraint.group(1) : "");
	}

	/**
	 * SQLState class 22, a data exception: a value the client sent that the column's type
	 * cannot hold, not a conflict with stored data.
	 */
	static boolean isDataException(DataIntegrityViolationException ex) {
		SQLException sql = causeOfType(ex, SQLException.class).orElse(null);
		return sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("22");
	}

	static ProblemDetail validationFailed(List<FieldError> errors) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation-failed", "Validation Failed",
				"The request has " + errors.size() + " invalid " + ((errors.size() == 1) ? "value" : "values"));
		problem.setProperty("errors", errors);
		return problem;
	}

	private static String explain(JacksonException cause) {
		if (cause instanceof UnrecognizedPropertyException) {
			return "is not a known field";
		}
		if (cause instanceof ValueInstantiationException instantiation) {
			Throwable root = (instantiation.getCause() != null) ? instantiation.getCause() : instantiation;
			return (root.getMessage() != null) ? root.getMessage() : "is invalid";
		}
		if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() == String.class) {
			// refused by StorableText: the message says what is wrong with the text
			return invalid.getOriginalMessage();
		}
		if (cause instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
			return "must be " + describe(invalid.getTargetType());
		}
		if (cause instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
			return "must be " + describe(mismatched.getTargetType());
		}
		return "is invalid";
	}

	private static String describe(Class<?> type) {
		if (type.isEnum()) {
			return "one of " + Arrays.toString(type.getEnumConstants());
		}
		if (type == java.util.UUID.class) {
			return "a UUID";
		}
		if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
			return "an ISO-8601 timestamp such as 2026-11-23T10:15:30Z";
		}
		if (type == java.time.LocalDate.class) {
			return "an ISO-8601 date such as 2026-11-23";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == String.class) {
			return "a string";
		}
		if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		return "an object";
	}

	private static String path(JacksonException cause) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : cause.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "(body)" : path.toString();
	}

	private static List<?> within(String at, List<?> errors) {
		return errors.stream()
			.map((error) -> (error instanceof FieldError field)
					? new FieldError(at + "." + field.field(), field.message()) : error)
			.toList();
	}

	private static String where(TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 0) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

	private static String parameterName(String name) {
		return (name != null) ? name : "(parameter)";
	}

	private static String lastNode(String propertyPath) {
		int dot = propertyPath.lastIndexOf('.');
		return (dot >= 0) ? propertyPath.substring(dot + 1) : propertyPath;
	}

	private static <T extends Throwable> Optional<T> causeOfType(Throwable ex, Class<T> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return Optional.of(type.cast(current));
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return Optional.empty();
	}

}
