package dev.fusenet.processor;

import dev.fusenet.model.ModelSpec;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @Compile} type as read from the source: the model description the rules and the writer work on, and
 * where each part of it was declared, for diagnostics.
 *
 * @param layers one site per layer of {@code spec}, in the same order
 * @param input the {@code @Input} method, if the model declares one
 */
record Declaration(TypeElement type, AnnotationValues compile, ModelSpec spec, List<LayerSite> layers,
                   java.util.Optional<LayerSite> input) {

    /** The method that declares a layer (or the input), and its annotation. */
    record LayerSite(ExecutableElement method, AnnotationValues annotation) {
    }

    Declaration {
        layers = List.copyOf(layers);
    }
}
