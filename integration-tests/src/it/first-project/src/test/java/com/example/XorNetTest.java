package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.training.Verbosity;
import org.junit.jupiter.api.Test;

class XorNetTest {

    @Test
    void theProcessorWroteAClassThatLearnsXor() {
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        CompiledXorNet model = new CompiledXorNet();
        model.fit(x, y, o -> o.epochs(300).batchSize(4).verbosity(Verbosity.SILENT));
        assertEquals(1.0, model.evaluate(x, y).metric("accuracy"));
    }

    @Test
    void aGraphModelCompilesAndLearnsToo() {
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        CompiledXorGraphNet model = new CompiledXorGraphNet();
        model.fit(x, y, o -> o.epochs(300).batchSize(4).verbosity(Verbosity.SILENT));
        assertEquals(1.0, model.evaluate(x, y).metric("accuracy"));
    }
}
