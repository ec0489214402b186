package io.absencegroups.cache;

import java.util.Map;
import java.util.Objects;

/**
 * One absence group as myProtime sent it.
 * <p>
 * {@code type} stays the string myProtime sent, because the enum already grew a value
 * ({@code Unknown}) and may grow more. Fields this service does not know are kept in
 * {@code otherFields} as their raw JSON text, in arrival order, so the API can return them
 * unchanged.
 *
 * @param id            the group's id, the key of everything
 * @param changeVersion the version of this state
 * @param name          the default name and its translations; null when myProtime sent none
 * @param type          e.g. {@code Absence}, {@code WorkingElsewhere}, {@code Unknown}; null when absent
 * @param otherFields   unknown top-level fields: name to raw JSON value
 */
public record AbsenceGroup(long id, ChangeVersion changeVersion, Name name, String type, Map<String, String> otherFields) {

    public AbsenceGroup {
        Objects.requireNonNull(changeVersion, "changeVersion");
        otherFields = otherFields == null ? Map.of() : otherFields;
    }

    public AbsenceGroup(long id, ChangeVersion changeVersion, Name name, String type) {
        this(id, changeVersion, name, type, Map.of());
    }

    /**
     * The name to show a reader of {@code language}: its translation (exact tag first, then the
     * primary language, so {@code nl-BE} falls back to {@code nl}), else the default name.
     */
    public String displayName(String language) {
        return name == null ? null : name.in(language);
    }

    /**
     * The group's name.
     *
     * @param defaultName  {@code name.default}
     * @param translations language code to name, in arrival order; null when myProtime sent none
     * @param otherFields  unknown fields inside {@code name}: name to raw JSON value
     */
    public record Name(String defaultName, Map<String, String> translations, Map<String, String> otherFields) {

        public Name {
            otherFields = otherFields == null ? Map.of() : otherFields;
        }

        public Name(String defaultName, Map<String, String> translations) {
            this(defaultName, translations, Map.of());
        }

        String in(String language) {
            if (language == null || translations == null) {
                return defaultName;
            }
            String primary = language.contains("-") ? language.substring(0, language.indexOf('-')) : null;
            String primaryMatch = null;
            for (Map.Entry<String, String> t : translations.entrySet()) {
                if (t.getKey().equalsIgnoreCase(language)) {
                    return t.getValue();
                }
                if (primary != null && primaryMatch == null && t.getKey().equalsIgnoreCase(primary)) {
                    primaryMatch = t.getValue();
                }
            }
            return primaryMatch != null ? primaryMatch : defaultName;
        }
    }
}
