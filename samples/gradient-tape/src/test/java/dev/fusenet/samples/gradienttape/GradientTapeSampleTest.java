package dev.fusenet.samples.gradienttape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientTapeSampleTest {

    @Test
    void printsTheLecturesResults() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GradientTapeSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of(
                "y = 2x + 3 at x = 0:        dy/dx = 2.",
                "y = 2x² + 3 at x = 3:       dy/dx = 12.",
                "y = 2x + 3 at [[1,2],[3,4]]:  dy/dx = [[2., 2.], [2., 2.]], dtype=float16",
                "y = 2x² + 3 at [[1,2],[3,4]]: dy/dx = [[4., 8.], [12., 16.]], dtype=float16"), lines);
    }
}
