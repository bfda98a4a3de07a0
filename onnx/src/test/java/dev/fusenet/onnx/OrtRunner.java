package dev.fusenet.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** Runs an ONNX file in ONNX Runtime for Java: the consumer the exported files are checked against. */
final class OrtRunner {

    private OrtRunner() {
    }

    /** The graph's only output for {@code values} of {@code shape} fed to its only input, flat. */
    static float[] run(Path file, float[] values, long... shape) throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = environment.createSession(file.toString(), options)) {
                String input = session.getInputNames().iterator().next();
                try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape);
                     OrtSession.Result result = session.run(Map.of(input, tensor))) {
                    FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    float[] flat = new float[output.remaining()];
                    output.get(flat);
                    return flat;
                }
            }
        }
    }

    /** The largest absolute difference between two arrays of the same length. */
    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " and " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    /** Channels-first images (n, c, h, w) as fusenet's channels-last (n, h, w, c). */
    static float[] toChannelsLast(float[] nchw, int n, int c, int h, int w) {
        float[] nhwc = new float[nchw.length];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        nhwc[((i * h + y) * w + x) * c + ch] = nchw[((i * c + ch) * h + y) * w + x];
                    }
                }
            }
        }
        return nhwc;
    }

    /** {@code count} values from a seeded uniform distribution on [-1, 1). */
    static float[] random(int count, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
