package io.microseg.flowrules.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.TableSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** flowrules/PIPELINE.md's table list is checked against {@link Pipeline#TABLES}: ids, names and misses. */
class PipelineDocumentTest {

    /** One row of the document's table list: id, name, miss column. */
    record Row(int id, String name, String miss) {
    }

    @Test
    void theDocumentListsEveryTableInOrderWithItsMiss() throws IOException {
        List<Row> rows = rows(Files.readAllLines(Path.of("PIPELINE.md")));

        assertThat(rows).extracting(Row::id).containsExactlyElementsOf(Pipeline.TABLES.stream().map(TableSpec::id).toList());
        assertThat(rows).extracting(Row::name)
                .containsExactlyElementsOf(Pipeline.TABLES.stream().map(TableSpec::name).toList());
        for (Row row : rows) {
            assertThat(row.miss()).as("miss of table %d (%s)", row.id(), row.name())
                    .startsWith(documented(Pipeline.table(row.id())));
        }
    }

    /** How the document must begin the miss column of a table. */
    static String documented(TableSpec spec) {
        TableSpec.Miss miss = spec.miss();
        return switch (miss.kind()) {
            case DROP -> "drop";
            case COMMIT_THEN_NEXT -> "commit, → " + (spec.id() + 1);
            case NEXT_TABLE -> miss.clears().isEmpty() && miss.clearsMetadata() == 0 ? "→ " + (spec.id() + 1)
                    : "clear, → " + (spec.id() + 1);
        };
    }

    static List<Row> rows(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        boolean inTables = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inTables = line.equals("## Tables");
            } else if (inTables && line.matches("\\| \\d+ \\|.*")) {
                String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
                rows.add(new Row(Integer.parseInt(cells[0].trim()), cells[1].trim(), cells[cells.length - 1].trim()));
            }
        }
        return rows;
    }
}
