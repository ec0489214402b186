package io.absencegroups.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The read API's answers as OpenAPI schemas, for client generators. The answers themselves are
 * assembled from ready-made bytes ({@link ReadBodies}), so these types only describe them;
 * {@code ReadBodiesTest} checks that the bytes have these fields.
 */
final class ReadApiSchemas {

    private ReadApiSchemas() {
    }

    @Schema(name = "AbsenceGroup", additionalProperties = Schema.True.class,
            description = "An absence group exactly as myProtime sends it; fields myProtime adds later pass through unchanged")
    public record Group(
            @Schema(required = true, example = "2") long id,
            @Schema(required = true, description = "Hex digits; a later state of the group has a greater one",
                    example = "0000090200004BD0000A") String changeVersion,
            AbsenceGroupName name,
            @Schema(description = "Absence, WorkingElsewhere, Unknown, or a value myProtime adds later", example = "Absence") String type,
            @Schema(description = "Only with ?lang: the translation for that language, else the default name", example = "Ziek")
            String displayName) {
    }

    @Schema(name = "AbsenceGroupName", additionalProperties = Schema.True.class)
    public record AbsenceGroupName(
            @Schema(name = "default", example = "Sick") String defaultName,
            @Schema(description = "Language code to name", example = "{\"nl\":\"Ziek\",\"fr\":\"Malade\"}") Map<String, String> translations) {
    }

    @Schema(name = "AbsenceGroupList")
    public record GroupList(
            @Schema(required = true, description = "The live groups, sorted by id") List<Group> value,
            @Schema(required = true, nullable = true, description = "The greatest changeVersion applied; null while the store is empty",
                    example = "0000090200004BD0000A") String changeVersion,
            @Schema(required = true, description = "The change-log position of this list: follow GET /absence-groups/changes?after=<cursor> from it",
                    example = "5f0c2a9e41d7b3c8-1042") String cursor) {
    }

    @Schema(name = "ChangeFeed")
    public record Feed(
            @Schema(required = true, description = "Changes in the order the service applied them, the latest per group") List<Change> value,
            @Schema(required = true, description = "Pass it as 'after' next time", example = "5f0c2a9e41d7b3c8-1044") String cursor,
            @Schema(required = true, description = "True when 'limit' cut this page: ask again at once") boolean hasMore) {
    }

    @Schema(name = "Change")
    public record Change(
            @Schema(required = true, enumeration = {"InsertOrUpdate", "Delete"}) String changeType,
            @Schema(required = true, description = "The group; for a Delete only its id and changeVersion") Group data) {
    }
}
