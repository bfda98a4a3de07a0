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
}
