package io.absencegroups;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code protime.*} setting has a row in a settings table under {@code docs/}, with its default, and every
 * {@code protime.*} row names a setting that exists. The names come from the {@code @ConfigMapping(prefix = "protime…")}
 * interfaces of the main code, through SmallRye Config's own mapping metadata ({@link ConfigMappings#getProperties}),
 * so nested groups, {@code @WithName} and the kebab-case naming are exactly what Quarkus reads; no Quarkus boot.
 * <p>
 * A row is a Markdown table line whose first cell holds the name in backticks, e.g.
 * {@code | `protime.sync.max-pages` | `10000` | … |}. Mentions in prose do not count: the point is that the
 * reference tables are complete.
 */
class SettingsAreDocumentedTest {

    private static final Path DOCS = Path.of(System.getProperty("user.dir"), "docs");
    private static final Pattern BACKTICKED_SETTING = Pattern.compile("`(protime\\.[^`\\s]+)`");

    /** Setting name (as SmallRye Config spells it) to its default, or empty when it has none. */
    private static Map<String, Optional<String>> settings;
    private static List<Row> rows;

    @BeforeAll
    static void readMappingsAndDocs() {
        settings = protimeSettings();
        rows = settingsRows(DOCS);
    }

    @Test
    void theMappingsAndTheDocsAreWhatIsChecked() {
        // guards against a vacuous pass: a broken class scan or an empty docs folder must fail here
        assertTrue(settings.containsKey("protime.upstream.retry.max-retries"), "a nested group's setting: " + settings.keySet());
        assertTrue(settings.containsKey("protime.subscription.enabled"), "the root mapping's setting: " + settings.keySet());
        assertTrue(settings.containsKey("protime.simulator.page-size"), "the simulator's setting: " + settings.keySet());
        assertEquals(Optional.of("10000"), settings.get("protime.sync.max-pages"));
        assertTrue(settings.size() >= 50, "settings found: " + settings.size());
        assertTrue(rows.size() >= settings.size(), "rows found under " + DOCS + ": " + rows.size());
    }

    @Test
    void everySettingHasARowUnderDocs() {
        Set<String> missing = new TreeSet<>();
        for (String name : settings.keySet()) {
            Pattern documented = namePattern(name);
            if (rows.stream().noneMatch(row -> row.names(documented))) {
                missing.add(name);
            }
        }
        assertEquals(Set.of(), missing, "settings without a row in a table under docs/ (add one to docs/configuration.md:"
                + " | `name` | default | meaning |)");
    }

    @Test
    void everyRowShowsTheSettingsDefault() {
        List<String> wrong = new ArrayList<>();
        settings.forEach((name, byDefault) -> byDefault.ifPresent(value -> {
            Pattern documented = namePattern(name);
            rows.stream()
                    .filter(row -> row.names(documented) && row.defaultCell().isPresent())
                    .filter(row -> !row.defaultCell().get().contains("`" + value + "`"))
                    .forEach(row -> wrong.add(name + " defaults to `" + value + "`, but " + row.where() + " says: "
                            + row.defaultCell().get()));
        }));
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyRowNamesASettingThatExists() {
        List<Pattern> known = settings.keySet().stream().map(SettingsAreDocumentedTest::namePattern).toList();
        Set<String> unknown = new TreeSet<>();
        for (Row row : rows) {
            Matcher names = BACKTICKED_SETTING.matcher(row.firstCell());
            while (names.find()) {
                String name = names.group(1);
                if (known.stream().noneMatch(pattern -> pattern.matcher(name).matches())) {
                    unknown.add(name + " (" + row.where() + ")");
                }
            }
        }
        assertEquals(Set.of(), unknown, "rows under docs/ for settings that no @ConfigMapping declares");
    }

    /** Every leaf of every {@code protime…} mapping, as SmallRye Config names it, with its default. */
    private static Map<String, Optional<String>> protimeSettings() {
        Map<String, Optional<String>> found = new TreeMap<>();
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.absencegroups")
                .stream()
                .filter(type -> type.isAnnotatedWith(ConfigMapping.class))
                .map(JavaClass::reflect)
                .forEach(type -> {
                    String prefix = type.getAnnotation(ConfigMapping.class).prefix();
                    if (prefix.equals("protime") || prefix.startsWith("protime.")) {
                        ConfigMappings.getProperties(new ConfigMappings.ConfigClass(type, prefix))
                                .forEach((name, property) -> found.put(name, property.hasDefaultValue()
                                        ? Optional.ofNullable(property.getDefaultValue()) : Optional.empty()));
                    }
                });
        return found;
    }

    /** A setting's name as it may stand in a row; a map key ({@code *}) may be written {@code *} or {@code <key>}. */
    private static Pattern namePattern(String name) {
        return Pattern.compile(Stream.of(name.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining("(?:\\*|\"?<[^>]+>\"?)")));
    }

    private static List<Row> settingsRows(Path docs) {
        assertTrue(Files.isDirectory(docs), "no docs folder at " + docs + " (the test runs from the project folder)");
        try (Stream<Path> files = Files.walk(docs)) {
            List<Row> found = new ArrayList<>();
            for (Path page : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                found.addAll(Row.parse(docs.relativize(page), Files.readAllLines(page)));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row of a Markdown table that names at least one {@code protime.*} setting in its first cell. */
    private record Row(Path page, int line, String firstCell, Optional<String> defaultCell) {

        boolean names(Pattern setting) {
            Matcher names = BACKTICKED_SETTING.matcher(firstCell);
            while (names.find()) {
                if (setting.matcher(names.group(1)).matches()) {
                    return true;
                }
            }
            return false;
        }

        String where() {
            return page + ":" + line;
        }

        /** The rows of every table in a page; a table is a run of lines starting with {@code |}, its first line the header. */
        static List<Row> parse(Path page, List<String> lines) {
            List<Row> found = new ArrayList<>();
            int defaultColumn = -1;
            boolean inTable = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.startsWith("|")) {
                    inTable = false;
                    continue;
                }
                List<String> cells = cells(line);
                if (!inTable) {
                    inTable = true;
                    defaultColumn = cells.stream().map(String::toLowerCase).toList().indexOf("default");
                    continue;
                }
                if (!cells.isEmpty() && BACKTICKED_SETTING.matcher(cells.get(0)).find()) {
                    Optional<String> byDefault = defaultColumn > 0 && defaultColumn < cells.size()
                            ? Optional.of(cells.get(defaultColumn)) : Optional.empty();
                    found.add(new Row(page, i + 1, cells.get(0), byDefault));
                }
            }
            return found;
        }

        /** The cells of a table line; a {@code |} inside backticks (as in {@code `a` \| `b`}) is escaped in Markdown. */
        private static List<String> cells(String line) {
            String inner = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1 : line.length());
            return Stream.of(inner.split("(?<!\\\\)\\|", -1)).map(String::strip).toList();
        }
    }
}
