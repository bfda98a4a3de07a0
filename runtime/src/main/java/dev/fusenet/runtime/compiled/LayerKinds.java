package dev.fusenet.runtime.compiled;

import dev.fusenet.model.ActivationLayerSpec;
import dev.fusenet.model.BatchNormalizationSpec;
import dev.fusenet.model.ConcatenateSpec;
import dev.fusenet.model.Conv2DSpec;
import dev.fusenet.model.Conv2DTransposeSpec;
import dev.fusenet.model.Cropping2DSpec;
import dev.fusenet.model.DenseSpec;
import dev.fusenet.model.DepthwiseConv2DSpec;
import dev.fusenet.model.DropoutSpec;
import dev.fusenet.model.FlattenSpec;
import dev.fusenet.model.GlobalPooling2DSpec;
import dev.fusenet.model.LayerNormalizationSpec;
import dev.fusenet.model.LayerSpec;
import dev.fusenet.model.MergeSpec;
import dev.fusenet.model.ModelPlan;
import dev.fusenet.model.Pooling2DSpec;
import dev.fusenet.model.RandomBrightnessSpec;
import dev.fusenet.model.RandomContrastSpec;
import dev.fusenet.model.RandomFlipSpec;
import dev.fusenet.model.RandomRotationSpec;
import dev.fusenet.model.RandomTranslationSpec;
import dev.fusenet.model.RandomZoomSpec;
import dev.fusenet.model.RescalingSpec;
import dev.fusenet.model.SeparableConv2DSpec;
import dev.fusenet.model.UpSampling2DSpec;
import dev.fusenet.model.ZeroPadding2DSpec;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The runtime's registration of the layer kinds: for each kind's spec, how a plan's step of it becomes its runtime
 * layer. A new kind adds one line here; nothing else in the runtime names it.
 */
public final class LayerKinds {

    /** Makes the runtime layer of a plan's step, drawing its weights (if any) from the model's random stream. */
    @FunctionalInterface
    interface Factory {
        InterpretedLayer make(ModelPlan.Step step, SplittableRandom random);
    }

    private static final Map<Class<? extends LayerSpec>, Factory> FACTORIES = Map.ofEntries(
            Map.entry(DenseSpec.class, DenseLayer::of),
            Map.entry(Conv2DSpec.class, Conv2DLayer::of),
            Map.entry(Pooling2DSpec.class, (step, random) -> (InterpretedLayer) Pooling2DLayer.of(step, random)),
            Map.entry(FlattenSpec.class, FlattenLayer::of),
            Map.entry(DropoutSpec.class, DropoutLayer::of),
            Map.entry(MergeSpec.class, MergeLayer::of),
            Map.entry(ConcatenateSpec.class, ConcatenateLayer::of),
            Map.entry(ActivationLayerSpec.class, ActivationLayer::of),
            Map.entry(BatchNormalizationSpec.class, BatchNormalizationLayer::of),
            Map.entry(GlobalPooling2DSpec.class, GlobalPooling2DLayer::of),
            Map.entry(RescalingSpec.class, RescalingLayer::of),
            Map.entry(RandomFlipSpec.class, RandomFlipLayer::of),
            Map.entry(RandomRotationSpec.class, RandomRotationLayer::of),
            Map.entry(RandomZoomSpec.class, RandomZoomLayer::of),
            Map.entry(RandomTranslationSpec.class, RandomTranslationLayer::of),
            Map.entry(RandomContrastSpec.class, RandomContrastLayer::of),
            Map.entry(RandomBrightnessSpec.class, RandomBrightnessLayer::of),
            Map.entry(ZeroPadding2DSpec.class, ZeroPadding2DLayer::of),
            Map.entry(Cropping2DSpec.class, Cropping2DLayer::of),
            Map.entry(UpSampling2DSpec.class, UpSampling2DLayer::of),
            Map.entry(LayerNormalizationSpec.class, LayerNormalizationLayer::of),
            Map.entry(DepthwiseConv2DSpec.class, DepthwiseConv2DLayer::of),
            Map.entry(SeparableConv2DSpec.class, SeparableConv2DLayer::of),
            Map.entry(Conv2DTransposeSpec.class, Conv2DTransposeLayer::of));

    private LayerKinds() {
    }

    /**
     * Fresh layers for every step of {@code plan}, weights drawn from {@code seed} in layer order, as a compiled
     * model's constructor draws them.
     */
    public static List<dev.fusenet.runtime.Layer> layers(ModelPlan plan, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return plan.steps().stream().<dev.fusenet.runtime.Layer>map(step -> factory(step.layer()).make(step, random))
                .toList();
    }

    private static Factory factory(LayerSpec layer) {
        Factory factory = FACTORIES.get(layer.getClass());
        if (factory == null) {
            throw new IllegalStateException("layer kind " + layer.kind() + " (" + layer.getClass().getName()
                    + ") has no runtime layer registered in LayerKinds");
        }
        return factory;
    }
}
