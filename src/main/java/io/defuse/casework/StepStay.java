package io.defuse.casework;

import java.time.Instant;
import java.util.UUID;

/**
 * One stay of a case in a step, from entering it to leaving it: the step history that
 * reports measure time in step from. Registered by the case when it moves on, like its
 * events, and stored with its timeline ({@link TimelineRecorder}) in
 * {@code case_step_stays}.
 */
record StepStay(UUID id, UUID caseId, Step step, Instant enteredAt, Instant leftAt) {

	StepStay(UUID caseId, Step step, Instant enteredAt, Instant leftAt) {
		this(UUID.randomUUID(), caseId, step, enteredAt, leftAt);
	}

}
