package dev.fusenet.model;

import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Interpolation;
import java.util.List;

/**
 * One attribute of a layer's annotation as a declaration writes it, as Keras's {@code get_config} entries: its
 * name, and its value (a number, a boolean, an enum constant, a list of ints or doubles, or a {@link Shape}). A kind lists the
 * attributes that differ from its defaults, so that the runtime DSL can write the {@code @Compile} interface of a
 * model without knowing the kind.
 */
public record Attribute(String name, Object value) {

    /** Adds a geometric augmentation's fill mode, interpolation and fill value where they differ from Keras's. */
    static void resampling(List<Attribute> attributes, FillMode fillMode, Interpolation interpolation,
                           double fillValue) {
        if (fillMode != FillMode.REFLECT) {
            attributes.add(new Attribute("fillMode", fillMode));
        }
        if (interpolation != Interpolation.BILINEAR) {
            attributes.add(new Attribute("interpolation", interpolation));
        }
        if (fillValue != 0) {
            attributes.add(new Attribute("fillValue", fillValue));
        }
    }

    /** Adds the kernel and bias initializers where they differ from Keras's defaults (Glorot uniform, zeros). */
    static void initializers(List<Attribute> attributes, Initializer kernel, Initializer bias) {
        if (kernel != Initializer.GLOROT_UNIFORM) {
            attributes.add(new Attribute("kernelInitializer", kernel));
        }
        if (bias != Initializer.ZEROS) {
            attributes.add(new Attribute("biasInitializer", bias));
        }
    }
}
