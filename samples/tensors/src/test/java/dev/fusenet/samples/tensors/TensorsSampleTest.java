package dev.fusenet.samples.tensors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TensorsSampleTest {

    @Test
    void printsTheLecturesShapes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TensorsSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("rank 3, shape (60000,28,28), dtype uint8"), printed);
        assertTrue(printed.contains("x.reshape(6, 1):   [[0.], [1.], [2.], [3.], [4.], [5.]]"), printed);
        assertTrue(printed.contains("A(2,3,4,5)  · B(5,6,7)  → C(2,3,4,6,7)"), printed);
        assertTrue(printed.contains("A(5)        · B(5)      → C()"), printed);
        assertTrue(printed.contains("m · m            = [[7., 10.], [15., 22.]]"), printed);
    }
}
