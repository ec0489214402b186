package io.absencegroups.api;

import io.absencegroups.cache.ChangeVersion;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The answer of {@code GET /absence-groups}.
 *
 * @param value         the groups, sorted by id ({@code AbsenceGroup}, or {@code LocalizedGroup} with {@code ?lang})
 * @param changeVersion the store's high-water mark: the greatest changeVersion applied
 */
@RegisterForReflection
public record GroupList(List<?> value, ChangeVersion changeVersion) {
}
