package io.absencegroups.simulator;

import java.util.List;
import java.util.Map;

/** The absence groups a simulated tenant starts with: both types, names in nl, fr and de. */
final class SeedGroups {

    record Seed(long id, String type, String name, Map<String, String> translations) {
    }

    static final List<Seed> ALL = List.of(
            new Seed(1, "Absence", "Sick", Map.of("nl", "Ziek", "fr", "Malade", "de", "Krank")),
            new Seed(2, "Absence", "Holiday", Map.of("nl", "Vakantie", "fr", "Congé", "de", "Urlaub")),
            new Seed(3, "Absence", "Training", Map.of("nl", "Opleiding", "fr", "Formation", "de", "Schulung")),
            new Seed(4, "Absence", "Parental leave", Map.of("nl", "Ouderschapsverlof", "fr", "Congé parental", "de", "Elternzeit")),
            new Seed(5, "Absence", "Doctor's appointment", Map.of("nl", "Doktersbezoek", "fr", "Rendez-vous médical", "de", "Arzttermin")),
            new Seed(6, "Absence", "Unpaid leave", Map.of("nl", "Onbetaald verlof", "fr", "Congé sans solde", "de", "Unbezahlter Urlaub")),
            new Seed(7, "Absence", "Small leave", Map.of("nl", "Klein verlet", "fr", "Petit chômage", "de", "Sonderurlaub")),
            new Seed(8, "Absence", "Bereavement", Map.of("nl", "Rouwverlof", "fr", "Congé de deuil", "de", "Trauerurlaub")),
            new Seed(9, "WorkingElsewhere", "Home office", Map.of("nl", "Thuiswerk", "fr", "Télétravail", "de", "Homeoffice")),
            new Seed(10, "WorkingElsewhere", "Client site", Map.of("nl", "Bij de klant", "fr", "Chez le client", "de", "Beim Kunden")),
            new Seed(11, "WorkingElsewhere", "Business trip", Map.of("nl", "Dienstreis", "fr", "Voyage d'affaires", "de", "Dienstreise")),
            new Seed(12, "WorkingElsewhere", "Other office", Map.of("nl", "Ander kantoor", "fr", "Autre bureau", "de", "Anderes Büro")));

    private SeedGroups() {
    }
}
