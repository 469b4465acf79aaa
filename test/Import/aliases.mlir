// Every weight carries the other names a checkpoint may give it (the naming
// policy of CheckpointNames.h, per model family), and tfm-params-to-arguments
// moves them onto the weight's argument as `tfm.aliases`, where the compiled
// model's descriptor reads them. A weight with no other name has none.

// RUN: tfm-import %S/Inputs/tiny-gpt2.json | FileCheck %s --check-prefix=GPT2
// RUN: tfm-import %S/Inputs/tiny-bert.json | FileCheck %s --check-prefix=BERT
// RUN: tfm-import %S/Inputs/tiny-vit.json | FileCheck %s --check-prefix=VIT
// RUN: tfm-import %S/Inputs/tiny-bert.json | tfm-opt --tfm-params-to-arguments | FileCheck %s --check-prefix=ARGS
// RUN: tfm-import %S/Inputs/tiny-vit.json | tfm-opt --tfm-params-to-arguments | FileCheck %s --check-prefix=VIT-ARGS

// For GPT-2, the task models' `transformer.` prefix; no legacy LayerNorm names.
// GPT2-LABEL: func.func @forward
// GPT2: tfm.param "wte.weight" : tensor<{{.*}}> aliases ["transformer.wte.weight"]{{$}}
// GPT2: tfm.param "h.0.ln_1.weight" : tensor<{{.*}}> aliases ["transformer.h.0.ln_1.weight"]{{$}}
// GPT2: tfm.param "ln_f.bias" : tensor<{{.*}}> aliases ["transformer.ln_f.bias"]{{$}}

// For BERT, the `bert.` prefix, and a LayerNorm's legacy gamma/beta with and
// without it.
// BERT-LABEL: func.func @forward
// BERT: tfm.param "embeddings.word_embeddings.weight" : tensor<{{.*}}> aliases ["bert.embeddings.word_embeddings.weight"]{{$}}
// BERT: tfm.param "embeddings.LayerNorm.weight" : tensor<{{.*}}> aliases ["embeddings.LayerNorm.gamma", "bert.embeddings.LayerNorm.weight", "bert.embeddings.LayerNorm.gamma"]{{$}}
// BERT: tfm.param "embeddings.LayerNorm.bias" : tensor<{{.*}}> aliases ["embeddings.LayerNorm.beta", "bert.embeddings.LayerNorm.bias", "bert.embeddings.LayerNorm.beta"]{{$}}
// BERT: tfm.param "pooler.dense.weight" : tensor<{{.*}}> aliases ["bert.pooler.dense.weight"]{{$}}

// For ViT, the `vit.` prefix on the encoder; the classifier has no other name.
// VIT-LABEL: func.func @forward
// VIT: tfm.param "embeddings.cls_token" : tensor<{{.*}}> aliases ["vit.embeddings.cls_token"]{{$}}
// VIT: tfm.param "layernorm.weight" : tensor<{{.*}}> aliases ["vit.layernorm.weight"]{{$}}
// VIT: tfm.param "classifier.weight" : tensor<5x36xf32>{{$}}
// VIT: tfm.param "classifier.bias" : tensor<5xf32>{{$}}

// On the arguments.
// ARGS-LABEL: func.func @forward
// ARGS-SAME: %{{[^:]+}}: tensor<30xf32> {bufferization.writable = false, tfm.aliases = ["embeddings.LayerNorm.gamma", "bert.embeddings.LayerNorm.weight", "bert.embeddings.LayerNorm.gamma"], tfm.param = "embeddings.LayerNorm.weight"}
// ARGS-SAME: %{{[^:]+}}: tensor<30x30xf32> {bufferization.writable = false, tfm.aliases = ["bert.pooler.dense.weight"], tfm.param = "pooler.dense.weight"}

// VIT-ARGS-LABEL: func.func @forward
// VIT-ARGS-SAME: %{{[^:]+}}: tensor<5x36xf32> {bufferization.writable = false, tfm.param = "classifier.weight"}
// VIT-ARGS-SAME: %{{[^:]+}}: tensor<5xf32> {bufferization.writable = false, tfm.param = "classifier.bias"})
