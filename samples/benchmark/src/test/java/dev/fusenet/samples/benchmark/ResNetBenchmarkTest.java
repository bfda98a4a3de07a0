package dev.fusenet.samples.benchmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.samples.resnet.CompiledMnistResNet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's DSL twin of the residual network is the sample's network: the same layers and weights. */
class ResNetBenchmarkTest {

    @Test
    void theDslTwinIsTheCompiledNetwork() {
        Model dsl = ResNetBenchmark.dslResNet();
        Model compiled = new CompiledMnistResNet(42);
        assertEquals(compiled.connections(), dsl.connections());
        List<Tensor> expected = compiled.getWeights();
        List<Tensor> actual = dsl.getWeights();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).shape(), actual.get(i).shape(), "weight " + i);
            assertArrayEquals(expected.get(i).toFloatArray(), actual.get(i).toFloatArray(), "weight " + i);
        }
    }
}
