package dev.fusenet.runtime.compiled;

/**
 * Which kernels the products of dense and convolutional layers use, chosen once per JVM: the packed
 * Vector API kernels ({@link PackedProducts}: the forward product, the input gradient's and the kernel gradient's)
 * when the JVM was started with {@code --add-modules
 * jdk.incubator.vector}, else OpenBLAS's {@code sgemm} ({@link Gemm}). The system property
 * {@code fusenet.products=openblas} forces OpenBLAS. The two give results equal to float rounding, not the same
 * bits: a model trains to the same weights on every machine and core count with one choice, and the DSL and the
 * compiled class always use the same one.
 */
public final class Products {

    /**
     * Whether the JVM has the Vector API: kernels whose vector form gives the same bits as their scalar loops (a
     * 2×2 max pooling) use it whichever products are chosen.
     */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** Whether the products use the packed kernels. */
    public static final boolean PACKED = VECTOR_API && !"openblas".equals(System.getProperty("fusenet.products"));

    private Products() {
    }
}
