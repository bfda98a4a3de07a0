package dev.fusenet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetsTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void numericFeaturesAndLabelsInFileOrder() throws IOException {
        Path file = write("houses.csv", "rooms,age,price\n3,10.5,200\n4,2,350.25\n2,-1e1,99\n");
        CsvTable table = CsvDatasets.read(file, csv -> csv.labels("price"));
        assertEquals(3, table.size());
        assertEquals(List.of("rooms", "age"), table.featureNames());
        assertEquals(List.of("price"), table.labelNames());
        assertArrayEquals(new long[] {3, 2}, table.features().shape());
        assertArrayEquals(new float[] {3, 10.5f, 4, 2, 2, -10}, table.features().toFloatArray());
        assertArrayEquals(new long[] {3, 1}, table.labels().shape());
        assertArrayEquals(new float[] {200, 350.25f, 99}, table.labels().toFloatArray());
        assertEquals(4, table.line(2));
    }

    @Test
    void quotesDelimitersAndLineBreaksAsACsvParserReadsThem() throws IOException {
        // A quoted field may hold the delimiter, a doubled quote and a line break; the rows after it keep their lines.
        Path file = write("q.csv", "\uFEFFid;note;x;y\n1;\"a;b\";1.5;0\n2;\"say \"\"hi\"\"\nthere\";2;1\n\n3; plain ;3;0\n");
        CsvTable table = CsvDatasets.read(file, csv -> csv.delimiter(';').ignore("id", "note").labels("y"));
        assertEquals(3, table.size());
        assertEquals(List.of("x"), table.featureNames());
        assertArrayEquals(new float[] {1.5f, 2, 3}, table.features().toFloatArray());
        assertEquals(2, table.line(0));
        assertEquals(3, table.line(1), "the row whose quoted field breaks a line starts on line 3");
        assertEquals(6, table.line(2), "an empty line is skipped but counted");

        DataException text = assertThrows(DataException.class, () -> CsvDatasets.read(file, csv -> csv
                .delimiter(';').ignore("id").labels("y")));
        assertTrue(text.getMessage().contains("q.csv line 2, column 'note': 'a;b' is not a number"), text.getMessage());

        // Distinct notes in INDEX encoding: codes follow the sorted vocabulary, surrounding spaces trimmed.
        CsvTable notes = CsvDatasets.read(file, csv -> csv.delimiter(';').select("note").labels("y")
                .categorical("note", CategoryEncoding.INDEX));
        assertEquals(List.of("note"), notes.featureNames());
        assertArrayEquals(new float[] {0, 2, 1}, notes.features().toFloatArray(),
                "sorted: 'a;b' < 'plain' < 'say \"hi\"\\nthere'");

        Path decimalComma = write("dc.csv", "x;y\n1,5;0\n");
        DataException comma = assertThrows(DataException.class,
                () -> CsvDatasets.read(decimalComma, csv -> csv.delimiter(';').labels("y")));
        assertTrue(comma.getMessage().contains("dc.csv line 2, column 'x': '1,5' is not a number"),
                comma.getMessage());
    }

    @Test
    void categoricalColumnsOneHotOrIndexWithSortedOrGivenVocabulary() throws IOException {
        Path file = write("cars.csv", "color,doors,size,price\nred,2,10,1\nblue,4,2,2\nred,4,10,3\ngreen,2,2,4\n");
        CsvTable oneHot = CsvDatasets.read(file, csv -> csv.labels("price").categorical("color")
                .categorical("size"));
        // Numbers sort as numbers: size 2 comes before 10.
        assertEquals(List.of("color=blue", "color=green", "color=red", "doors", "size=2", "size=10"),
                oneHot.featureNames());
        assertArrayEquals(new float[] {0, 0, 1, 2, 0, 1}, oneHot.rows(0, 1).features().toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 4, 1, 0}, oneHot.rows(1, 2).features().toFloatArray());

        CsvTable index = CsvDatasets.read(file, csv -> csv.labels("price")
                .categorical("color", CategoryEncoding.INDEX).vocabulary("color", List.of("red", "green", "blue"))
                .ignore("size"));
        assertEquals(List.of("color", "doors"), index.featureNames());
        assertArrayEquals(new float[] {0, 2, 2, 4, 0, 4, 1, 2}, index.features().toFloatArray());

        DataException unknown = assertThrows(DataException.class, () -> CsvDatasets.read(file, csv -> csv
                .labels("price").vocabulary("color", List.of("red", "blue")).ignore("size")));
        assertTrue(unknown.getMessage().contains("cars.csv line 5, column 'color': 'green' is not among the "
                + "vocabulary given for 'color' [red, blue]"), unknown.getMessage());
    }

    @Test
    void classLabelsAsIndicesOneHotOrBinaryWithClassNames() throws IOException {
        Path file = write("iris.csv", "a,b,species\n1,2,virginica\n3,4,setosa\n5,6,versicolor\n7,8,setosa\n");
        CsvTable ints = CsvDatasets.read(file, csv -> csv.classLabel("species"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), ints.classNames());
        assertArrayEquals(new long[] {4}, ints.labels().shape());
        assertArrayEquals(new float[] {2, 0, 1, 0}, ints.labels().toFloatArray());
        assertEquals(ints.classNames(), ints.toDataset().classNames());

        CsvTable oneHot = CsvDatasets.read(file, csv -> csv.classLabel("species", LabelMode.CATEGORICAL)
                .classNames(List.of("virginica", "versicolor", "setosa")));
        assertArrayEquals(new long[] {4, 3}, oneHot.labels().shape());
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1}, oneHot.labels().toFloatArray());

        DataException binary = assertThrows(DataException.class,
                () -> CsvDatasets.read(file, csv -> csv.classLabel("species", LabelMode.BINARY)));
        assertTrue(binary.getMessage().contains("needs exactly 2 classes"), binary.getMessage());
        DataException text = assertThrows(DataException.class, () -> CsvDatasets.read(file, csv -> csv.labels("species")));
        assertTrue(text.getMessage().contains("'virginica' is not a number; for class labels use classLabel(\"species\")"),
                text.getMessage());

        Path digits = write("d.csv", "x,label\n1,10\n2,2\n3,10\n");
        CsvTable numericClasses = CsvDatasets.read(digits, csv -> csv.classLabel("label", LabelMode.BINARY));
        assertEquals(List.of("2", "10"), numericClasses.classNames());
        assertArrayEquals(new long[] {3, 1}, numericClasses.labels().shape());
        assertArrayEquals(new float[] {1, 0, 1}, numericClasses.labels().toFloatArray());
    }

    @Test
    void missingValuesAreRefusedWithTheLineAndColumnUnlessFilled() throws IOException {
        Path file = write("m.csv", "a,b,y\n1,2,0\n3,,1\n5,NA,0\n");
        DataException missing = assertThrows(DataException.class, () -> CsvDatasets.read(file, csv -> csv.labels("y")));
        assertTrue(missing.getMessage().startsWith(file + " line 3, column 'b': the value is missing (\"\"); give a "
                + "fill value with fill(\"b\", \"0\")"), missing.getMessage());
        CsvTable filled = CsvDatasets.read(file, csv -> csv.labels("y").fill("b", "-1"));
        assertArrayEquals(new float[] {1, 2, 3, -1, 5, -1}, filled.features().toFloatArray());
        CsvTable everywhere = CsvDatasets.read(file, csv -> csv.labels("y").fill("7"));
        assertArrayEquals(new float[] {1, 2, 3, 7, 5, 7}, everywhere.features().toFloatArray());
        // Choosing the missing markers: with only "?" missing, an empty field is an error of its own.
        DataException notMissing = assertThrows(DataException.class, () -> CsvDatasets.read(file, csv -> csv
                .labels("y").missingValues("?").fill("0")));
        assertTrue(notMissing.getMessage().contains("line 3, column 'b': '' is not a number"),
                notMissing.getMessage());
    }

    @Test
    void badFilesAndOptionsGetOneClearMessage() throws IOException {
        DataException absent = assertThrows(DataException.class, () -> CsvDatasets.read(dir.resolve("none.csv")));
        assertTrue(absent.getMessage().contains("does not exist"), absent.getMessage());

        Path ragged = write("r.csv", "a,b\n1,2\n3\n");
        DataException fields = assertThrows(DataException.class, () -> CsvDatasets.read(ragged));
        assertTrue(fields.getMessage().contains("r.csv line 3 has 1 fields, but the header names 2 columns"),
                fields.getMessage());

        Path file = write("ok.csv", "a,b\n1,2\n");
        DataException column = assertThrows(DataException.class, () -> CsvDatasets.read(file, csv -> csv.labels("c")));
        assertTrue(column.getMessage().contains("labels(\"c\"): " + file + " has no column 'c'; its columns are [a, b]"),
                column.getMessage());
        assertThrows(DataException.class, () -> CsvDatasets.read(write("h.csv", "a,b\n")), "a header and no rows");
        assertThrows(DataException.class, () -> CsvDatasets.read(write("dup.csv", "a,a\n1,2\n")));
        assertThrows(DataException.class, () -> CsvDatasets.read(write("q.csv", "a,b\n1,\"2\n")), "unclosed quote");
        assertThrows(DataException.class, () -> CsvDatasets.read(file, csv -> csv.labels("a", "b")), "no features");
        assertThrows(DataException.class, () -> CsvDatasets.read(write("inf.csv", "a\n1e39\n")));
        assertThrows(DataException.class, () -> CsvDatasets.read(write("hex.csv", "a\n0x10\n")));
    }

    @Test
    void headerlessFilesAndLinesBeforeTheHeader() throws IOException {
        Path counts = write("boston-like.csv", "3,2,,\n\"x1\",\"x2\",\"t\"\n1,2,3\n4,5,6\n7,8,9\n");
        CsvTable table = CsvDatasets.read(counts, csv -> csv.skipLines(1).labels("t"));
        assertEquals(List.of("x1", "x2"), table.featureNames());
        assertEquals(3, table.line(0));

        Path bare = write("bare.csv", "1,2\n3,4\n");
        assertEquals(List.of("column1"), CsvDatasets.read(bare, csv -> csv.header(false).labels("column2"))
                .featureNames());
        assertArrayEquals(new float[] {2, 4}, CsvDatasets.read(bare, csv -> csv.columnNames("x", "y").labels("x"))
                .features().toFloatArray());
    }

    @Test
    void splitShufflesWithTheSeedAndFoldsHoldOutEveryRowOnce() throws IOException {
        StringBuilder text = new StringBuilder("x,y\n");
        for (int i = 0; i < 10; i++) {
            text.append(i).append(',').append(i * 10).append('\n');
        }
        CsvTable table = CsvDatasets.read(write("s.csv", text.toString()), csv -> csv.labels("y"));
        CsvTable.Split split = table.split(0.2, 113);
        assertEquals(8, split.training().size());
        assertEquals(2, split.heldOut().size());
        assertArrayEquals(split.training().features().toFloatArray(), table.split(0.2, 113).training().features()
                .toFloatArray());
        Set<Float> rows = new HashSet<>();
        for (CsvTable part : List.of(split.training(), split.heldOut())) {
            float[] x = part.features().toFloatArray();
            float[] y = part.labels().toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i] * 10, y[i], "labels stay with their rows");
                rows.add(x[i]);
            }
        }
        assertEquals(10, rows.size(), "training and held-out rows are disjoint and together the whole file");
        assertFalse(java.util.Arrays.equals(split.training().features().toFloatArray(),
                table.split(0.2, 114).training().features().toFloatArray()));

        CsvTable.Split nine = table.rows(0, 9).split(0.25, 1);
        assertEquals(6, nine.training().size(), "training rows are floor(0.75 * 9), as Keras's load_data cuts");
        assertEquals(3, nine.heldOut().size());

        List<CsvTable.Split> folds = table.folds(4);
        assertEquals(List.of(3, 3, 2, 2), folds.stream().map(f -> f.heldOut().size()).toList());
        assertArrayEquals(new float[] {0, 1, 2}, folds.get(0).heldOut().features().toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 8, 9}, folds.get(2).training().features().toFloatArray());
        assertEquals(8, folds.get(2).heldOut().line(0), "fold 3 holds out rows 6 and 7; row 6 is on line 8");
    }

    @Test
    void aTableAsADatasetTrainsLikeItsTensors() throws IOException {
        CsvTable table = CsvDatasets.read(write("t.csv", "a,b,y\n1,2,3\n4,5,6\n7,8,9\n"), csv -> csv.labels("y"));
        Dataset dataset = table.toDataset().batch(2);
        try (Cursor<Batch> pass = dataset.open(0)) {
            Batch first = pass.next();
            assertArrayEquals(new float[] {1, 2, 4, 5}, first.featureValues());
            assertArrayEquals(new float[] {3, 6}, first.labelValues());
            assertEquals(1, pass.next().size());
        }
        Tensor labels = table.labels();
        assertArrayEquals(new long[] {3, 1}, labels.shape());
    }
}
