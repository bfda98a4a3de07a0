package dev.fusenet.runtime.compiled;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies between heap arrays, where the element-wise work runs (the JIT vectorizes loops over them), and ND4J's
 * off-heap arrays, where the matrix products run. Both sides are row-major and contiguous.
 */
public final class Staging {

    private Staging() {
    }

    /** Copies the first {@code count} elements of {@code device} into {@code heap}. */
    public static void toHeap(INDArray device, float[] heap, int count) {
        device.data().asNioFloat().get(0, heap, 0, count);
    }

    /** Copies the first {@code count} elements of {@code heap} into {@code device}. */
    public static void toDevice(float[] heap, INDArray device, int count) {
        device.data().asNioFloat().put(0, heap, 0, count);
    }
}
