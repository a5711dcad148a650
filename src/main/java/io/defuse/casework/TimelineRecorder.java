package io.defuse.casework;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stores every {@link CaseEvent} as a timeline row, and every {@link StepStay} a case
 * records when it moves on, synchronously, inside the transaction of the change that
 * caused it: a change is never committed without its history.
 */
@Component
class TimelineRecorder {

	private final TimelineRepository timeline;

	private final StepStayRepository stays;

	private final JsonMapper json;

	TimelineRecorder(TimelineRepository timeline, StepStayRepository stays, JsonMapper json) {
		this.timeline = timeline;
		this.stays = stays;
		this.json = json;
	}

	@EventListener
	void on(CaseEvent event) {
		this.timeline.save(new TimelineEvent(event, this.json.writeValueAsString(event.data())));
	}

	@EventListener
	void on(StepStay stay) {
		this.stays.save(stay);
	}

}
