package dev.fusenet.samples.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.onnx.Onnx;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample's path without MNIST: the compiled class, exported, runs in ONNX Runtime as predict. */
class OnnxSampleTest {

    @Test
    void theCompiledNetworkRunsInOnnxRuntimeAsPredict(@TempDir Path directory) throws Exception {
        CompiledMnistNet model = new CompiledMnistNet(3);
        Path file = directory.resolve("mnist.onnx");
        Onnx.export(model, file);
        Tensor images = Tensor.randomUniform(new long[] {50, 784}, 0, 1, DType.FLOAT32, 1);
        float[] ours = model.predict(images).toFloatArray();
        float[] theirs = OnnxSample.runInOnnxRuntime(file, images.toFloatArray(), images.shape());
        assertTrue(OnnxSample.maxAbsDiff(ours, theirs) <= 1e-5);
    }
}
