package io.defuse.casework;

import java.util.EnumSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

import io.defuse.shared.Role;

/**
 * Everything one can do to a case, named as the client sees it in {@code nextActions},
 * with the roles allowed to do it. Whether it is legal right now is the aggregate's call.
 */
public enum CaseAction {

	ADD_STATEMENT("addStatement", Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.INTEGRATION),
	ACKNOWLEDGE("acknowledge"), SAVE_DETAILS("saveDetails"), CONFIRM_DETAILS("confirmDetails"), MAKE_OFFER("makeOffer"),
	APPROVE_OFFER("approveOffer", Role.SUPERVISOR, Role.ADMIN), ACCEPT_OFFER("acceptOffer"),
	REJECT_OFFER("rejectOffer"), RECORD_RESPONSE("recordResponse"), RECORD_FOLLOW_UP("recordFollowUp"),
	ADD_NOTE("addNote"), ASSIGN("assign"), ESCALATE("escalate"), CLOSE("close", Role.SUPERVISOR, Role.ADMIN),
	REOPEN("reopen", Role.SUPERVISOR, Role.ADMIN), PAUSE_SLA("pauseSla"), RESUME_SLA("resumeSla");

	private final String apiName;

	private final Set<Role> roles;

	CaseAction(String apiName, Role... roles) {
		this.apiName = apiName;
		// the workflow is worked by people; a CRM integration may only add what the
		// customer said
		this.roles = (roles.length == 0) ? EnumSet.of(Role.AGENT, Role.SUPERVISOR, Role.ADMIN)
				: EnumSet.of(roles[0], roles);
	}

	@JsonValue
	public String apiName() {
		return this.apiName;
	}

	public boolean permittedFor(Role role) {
		return this.roles.contains(role);
	}

	@Override
	public String toString() {
		return this.apiName;
	}

}
