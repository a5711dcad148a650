package io.defuse.casework;

import java.util.ArrayList;
import java.util.List;

import io.defuse.shared.Severity;

/**
 * How likely the case is to get worse, 0 to 100, as the sum of named factors so an agent
 * can see why. Each factor is capped, so no single one decides alone.
 *
 * @param score the sum of the factors' points, at most 100
 * @param factors what contributed, largest first
 */
public record EscalationRisk(int score, List<Factor> factors) {

	/**
	 * @param factor what it is
	 * @param points what it adds
	 * @param detail the fact behind it
	 */
	public record Factor(String factor, int points, String detail) {
	}

	static EscalationRisk of(SupportCase c) {
		List<Factor> factors = new ArrayList<>();
		if (c.tensionScore() != null && c.tensionScore() > 0) {
			add(factors, "tension", Math.round(c.tensionScore() * 0.35f),
					"latest customer statement " + c.tensionLevel() + " (" + c.tensionScore() + "/100)");
		}
		int threatPoints = 0;
		for (String threat : c.threats()) {
			threatPoints += switch (threat) {
				case "LEGAL" -> 20;
				case "PUBLIC_EXPOSURE" -> 15;
				default -> 10;
			};
		}
		add(factors, "threats", Math.min(threatPoints, 30), String.join(", ", c.threats()));
		add(factors, "repeat complaints", Math.min(10 * c.repeatOf().size(), 20),
				c.repeatOf().size() + " earlier case(s) on the same product or category");
		add(factors, "rejected offers", Math.min(8 * c.rejectedOffers(), 16),
				c.rejectedOffers() + " offer(s) declined");
		int sla = 0;
		String slaDetail = null;
		for (SlaClock clock : SlaClock.values()) {
			if (c.breached(clock) && sla < 15) {
				sla = 15;
				slaDetail = clock + " target breached";
			}
			else if (c.warned(clock) && sla < 5) {
				sla = 5;
				slaDetail = clock + " target near";
			}
		}
		add(factors, "SLA", sla, slaDetail);
		add(factors, "reopenings", Math.min(10 * c.reopenCount(), 20), "reopened " + c.reopenCount() + " time(s)");
		add(factors, "severity", severityPoints(c.severity()), c.severity().name());
		factors.sort((a, b) -> Integer.compare(b.points(), a.points()));
		int score = Math.min(100, factors.stream().mapToInt(Factor::points).sum());
		return new EscalationRisk(score, List.copyOf(factors));
	}

	private static int severityPoints(Severity severity) {
		return switch (severity) {
			case LOW -> 0;
			case MEDIUM -> 5;
			case HIGH -> 10;
			case CRITICAL -> 20;
		};
	}

	private static void add(List<Factor> factors, String factor, int points, String detail) {
		if (points > 0) {
			factors.add(new Factor(factor, points, detail));
		}
	}

	/** The factors in a sentence, for an escalation reason. */
	String explanation() {
		return "risk " + this.score + "/100: " + String.join(", ", this.factors.stream().map(Factor::factor).toList());
	}

}
