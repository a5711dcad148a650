package io.defuse.casework;

import java.util.List;

import org.springframework.http.HttpStatus;

import io.defuse.shared.web.ApiException;

/**
 * The one refusal of a workflow action: 409 with the step the case is in, the action
 * refused and exactly what is missing for it.
 */
public class WorkflowRefusal extends ApiException {

	public WorkflowRefusal(Step step, CaseAction action, List<String> missing) {
		super(HttpStatus.CONFLICT, "workflow-refused", "Action Not Possible Now", "Cannot " + action.apiName()
				+ " while the case is in " + step + ": needs " + String.join("; ", missing));
		with("step", step);
		with("action", action.apiName());
		with("missing", List.copyOf(missing));
	}

}
