package io.defuse.deescalation;

import java.time.Instant;

import io.defuse.shared.Language;

/**
 * The guidance texts of one step in one language, as stored.
 *
 * @param version changes with every edit; also the ETag
 */
public record GuidanceSet(GuidanceStep step, Language language, GuidanceTexts texts, long version, Instant updatedAt,
		String updatedBy) {
}
