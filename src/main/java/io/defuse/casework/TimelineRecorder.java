package io.defuse.casework;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stores every {@link CaseEvent} as a timeline row, synchronously, inside the transaction
 * of the change that caused it: a change is never committed without its timeline entry.
 */
@Component
class TimelineRecorder {

	private final TimelineRepository timeline;

	private final JsonMapper json;

	TimelineRecorder(TimelineRepository timeline, JsonMapper json) {
		this.timeline = timeline;
		this.json = json;
	}

	@EventListener
	void on(CaseEvent event) {
		this.timeline.save(new TimelineEvent(event, this.json.writeValueAsString(event.data())));
	}

}
