package dev.fusenet.samples.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fusenet.onnx.Onnx;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.Tensors;
import dev.fusenet.runtime.datasets.Mnist;
import dev.fusenet.samples.common.Digits;
import dev.fusenet.samples.common.SampleOptions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the lecture's MNIST network briefly (one epoch by default), exports it to ONNX, runs the file in ONNX
 * Runtime on the test images, prints both predictions for a few test digits, and last the largest difference
 * between ONNX Runtime's probabilities and {@code predict}'s over the whole test set.
 *
 * <p>Flags as the other samples: {@code --data DIR}, {@code --epochs N} (1), {@code --batch-size N} (128),
 * {@code --seed N}, {@code --out DIR} (where {@code mnist.onnx} goes; {@code target}).
 */
public final class OnnxSample {

    private static final int SHOWN = 5;

    private OnnxSample() {
    }

    public static void main(String[] args) throws Exception {
        dev.fusenet.samples.common.CommandLine.run("onnx", args, OnnxSample::train);
    }

    /** The sample itself; bad input (flags, a missing data folder) ends it with a message, not a stack trace. */
    static void train(String[] args) throws Exception {
        SampleOptions options = SampleOptions.parse(1, 128, args);
        Mnist.Data mnist = options.loadMnist();
        Tensor trainImages = flat(mnist.trainImages());
        Tensor testImages = flat(mnist.testImages());
        Model model = options.seed() == null ? new CompiledMnistNet() : new CompiledMnistNet(options.seed());
        model.fit(trainImages, Tensors.toCategorical(mnist.trainLabels(), 10), options.epochs(),
                options.batchSize());

        Path file = options.out().resolve("mnist.onnx");
        Onnx.export(model, file);
        System.out.println("wrote " + file.toAbsolutePath());

        float[] fusenet = model.predict(testImages).toFloatArray();
        float[] onnxRuntime = runInOnnxRuntime(file, testImages.toFloatArray(), testImages.shape());
        int[] labels = mnist.testLabels().castTo(DType.INT32).toIntArray();
        for (int i = 0; i < SHOWN; i++) {
            float[] ours = java.util.Arrays.copyOfRange(fusenet, i * 10, i * 10 + 10);
            float[] theirs = java.util.Arrays.copyOfRange(onnxRuntime, i * 10, i * 10 + 10);
            System.out.printf(Locale.ROOT, "test digit %d (a %d): fusenet says %d (%.4f), ONNX Runtime says %d "
                    + "(%.4f)%n", i, labels[i], Digits.argmax(ours), ours[Digits.argmax(ours)],
                    Digits.argmax(theirs), theirs[Digits.argmax(theirs)]);
        }
        System.out.printf(Locale.ROOT, "max_abs_diff: %.3g%n", maxAbsDiff(fusenet, onnxRuntime));
    }

    /** (n, 28, 28) uint8 → (n, 784) float32 in [0, 1]. */
    static Tensor flat(Tensor images) {
        return images.reshape(images.shape()[0], 28 * 28).castTo(DType.FLOAT32).div(255);
    }

    /** The exported model's outputs for {@code values} of {@code shape}, from ONNX Runtime, flat. */
    static float[] runInOnnxRuntime(Path file, float[] values, long[] shape) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape);
             OrtSession.Result result = session.run(Map.of("input", input))) {
            FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] flat = new float[output.remaining()];
            output.get(flat);
            return flat;
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
