package io.absencegroups.api;

import io.absencegroups.cache.ChangeVersion;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The answer of {@code GET /absence-groups}.
 *
 * @param value         the groups, sorted by id ({@code AbsenceGroup}, or {@code LocalizedGroup} with {@code ?lang})
 * @param changeVersion the store's high-water mark: the greatest changeVersion applied
 * @param cursor        the change-log position this list was taken at: follow the changes feed from it
 */
@RegisterForReflection
public record GroupList(List<?> value, ChangeVersion changeVersion, String cursor) {
}
