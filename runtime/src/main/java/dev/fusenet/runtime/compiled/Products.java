package dev.fusenet.runtime.compiled;

/**
 * Which kernel the forward products of dense and convolutional layers use, chosen once per JVM: the packed
 * Vector API kernel ({@link PackedProducts}) when the JVM was started with {@code --add-modules
 * jdk.incubator.vector}, else OpenBLAS's {@code sgemm} ({@link Gemm}). The system property
 * {@code fusenet.products=openblas} forces OpenBLAS. The two give results equal to float rounding, not the same
 * bits: a model trains to the same weights on every machine and core count with one choice, and the DSL and the
 * compiled class always use the same one.
 */
public final class Products {

    /** Whether the forward products use the packed kernel. */
    public static final boolean PACKED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"openblas".equals(System.getProperty("fusenet.products"));

    private Products() {
    }

    /** A name for the choice, for the benchmark's output and error reports: "packed Vector API" or "OpenBLAS". */
    public static String description() {
        return PACKED ? "packed kernels (Vector API, " + PackedKernelInfo.panel() + " columns a panel)" : "OpenBLAS sgemm";
    }

    /** Kept apart so that reading {@link #PACKED} never loads the Vector API's classes. */
    private static final class PackedKernelInfo {
        static int panel() {
            return PackedProducts.PANEL;
        }
    }
}
