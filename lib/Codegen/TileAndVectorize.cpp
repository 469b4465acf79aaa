//===- TileAndVectorize.cpp - thread tiles, register tiles, vectors -------===//
//
// See Passes.td. Contractions get two tiling levels (scf.forall for threads,
// scf.for for registers) with the register loops peeled so that the main
// tiles are static and can be vectorized; other linalg ops only get the
// thread level, and LLVM's loop vectorizer handles their inner loops.
//
//===----------------------------------------------------------------------===//

#include "tfm/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorTransforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfm {
#define GEN_PASS_DEF_TFMTILEANDVECTORIZE
#define GEN_PASS_DEF_TFMHOISTVECTORTRANSFERS
#include "tfm/Codegen/Passes.h.inc"
} // namespace mlir::tfm

using namespace mlir;

namespace {

constexpr StringLiteral kRegisterTile = "tfm.register_tile";

/// `[batch..., m, n, k]` with one trailing reduction: what TfmToLinalg emits
/// for every matrix product.
bool isTiledContraction(linalg::LinalgOp op) {
  if (!linalg::isaContractionOpInterface(op) || op.getNumLoops() < 3)
    return false;
  auto iterators = op.getIteratorTypesArray();
  return llvm::count(iterators, utils::IteratorType::reduction) == 1 &&
         iterators.back() == utils::IteratorType::reduction;
}

FailureOr<scf::SCFTilingResult> tile(RewriterBase &rewriter, Operation *op,
                                     ArrayRef<int64_t> sizes,
                                     scf::SCFTilingOptions::LoopType loopType,
                                     ArrayRef<int64_t> interchange = {}) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  options.setLoopType(loopType);
  if (!interchange.empty())
    options.setInterchange(interchange);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> result =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), options);
  if (succeeded(result))
    rewriter.replaceOp(op, result->replacements);
  return result;
}

struct TfmTileAndVectorizePass
    : tfm::impl::TfmTileAndVectorizeBase<TfmTileAndVectorizePass> {
  using TfmTileAndVectorizeBase::TfmTileAndVectorizeBase;

  void tileContraction(RewriterBase &rewriter, linalg::LinalgOp op) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    size_t numLoops = ranges.size();
    size_t m = numLoops - 3, n = numLoops - 2, k = numLoops - 1;

    SmallVector<int64_t> threadTiles(numLoops, 1);
    threadTiles[m] = threadTileM;
    threadTiles[n] = !ShapedType::isDynamic(ranges[n]) && ranges[n] > threadTileN
                         ? threadTileN
                         : 0;
    threadTiles[k] = 0;
    FailureOr<scf::SCFTilingResult> threads =
        tile(rewriter, op, threadTiles, scf::SCFTilingOptions::LoopType::ForallOp);
    if (failed(threads))
      return;

    // Cache level: an n-tile x k-block strip of the weight (16 KB for
    // 16 columns x 256) stays in L1 while the row tiles stream past it.
    SmallVector<int64_t> cacheTiles(numLoops, 0);
    cacheTiles[n] = registerTileN;
    // Only static reductions deeper than the block are blocked: a dynamic
    // one (attention's sequence) would leave a dynamic, unvectorizable
    // remainder block, and a shallow one needs no blocking.
    cacheTiles[k] =
        !ShapedType::isDynamic(ranges[k]) && ranges[k] > cacheTileK ? cacheTileK : 0;
    FailureOr<scf::SCFTilingResult> strips =
        tile(rewriter, threads->tiledOps.back(), cacheTiles,
             scf::SCFTilingOptions::LoopType::ForOp);
    if (failed(strips))
      return;

    SmallVector<int64_t> registerTiles(numLoops, 0);
    registerTiles[m] = registerTileM;
    registerTiles[k] = registerTileK;
    FailureOr<scf::SCFTilingResult> registers =
        tile(rewriter, strips->tiledOps.back(), registerTiles,
             scf::SCFTilingOptions::LoopType::ForOp);
    if (failed(registers))
      return;
    registers->tiledOps.back()->setAttr(kRegisterTile, rewriter.getUnitAttr());
    // Peel the partial last iteration of each loop so the main iterations'
    // tiles have static shapes.
    for (auto *loops : {&strips->loops, &registers->loops})
      for (LoopLikeOpInterface loop : *loops) {
        scf::ForOp partial;
        if (failed(scf::peelForLoopAndSimplifyBounds(rewriter, cast<scf::ForOp>(loop),
                                                     partial)) ||
            loop != registers->loops.front())
          continue;
        // The last few rows (fewer than a register tile) run as one-row
        // tiles, which are static and vectorize too, instead of scalar loops.
        SmallVector<linalg::LinalgOp> remainders;
        partial.walk([&](linalg::LinalgOp op) {
          if (op->hasAttr(kRegisterTile))
            remainders.push_back(op);
        });
        SmallVector<int64_t> rowTiles(numLoops, 0);
        rowTiles[m] = 1;
        for (linalg::LinalgOp remainder : remainders) {
          FailureOr<scf::SCFTilingResult> rows =
              tile(rewriter, remainder, rowTiles, scf::SCFTilingOptions::LoopType::ForOp);
          if (succeeded(rows))
            rows->tiledOps.back()->setAttr(kRegisterTile, rewriter.getUnitAttr());
        }
      }
  }

  void tileForThreads(RewriterBase &rewriter, linalg::LinalgOp op) {
    auto iterators = op.getIteratorTypesArray();
    // One row of the innermost dimension per iteration: outer parallel
    // dimensions are spread over threads, the inner one stays a loop LLVM
    // can vectorize.
    SmallVector<int64_t> sizes;
    for (auto [i, iterator] : llvm::enumerate(iterators))
      sizes.push_back(iterator == utils::IteratorType::parallel && i + 1 < iterators.size()
                          ? 1
                          : 0);
    if (llvm::all_of(sizes, [](int64_t size) { return size == 0; }))
      return;
    (void)tile(rewriter, op, sizes, scf::SCFTilingOptions::LoopType::ForallOp);
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);

    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && !op->getParentOfType<scf::ForallOp>())
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops) {
      if (isTiledContraction(op))
        tileContraction(rewriter, op);
      else
        tileForThreads(rewriter, op);
    }

    // Fold the peeled loops' bounds into static tile shapes.
    {
      RewritePatternSet patterns(ctx);
      for (Dialect *dialect : ctx->getLoadedDialects())
        dialect->getCanonicalizationPatterns(patterns);
      for (RegisteredOperationName op : ctx->getRegisteredOperations())
        op.getCanonicalizationPatterns(patterns, ctx);
      tensor::populateFoldTensorEmptyPatterns(patterns);
      if (failed(applyPatternsAndFoldGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }

    SmallVector<linalg::LinalgOp> registerTiles;
    func.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kRegisterTile) && op.hasPureTensorSemantics() &&
          llvm::none_of(op.getStaticLoopRanges(), ShapedType::isDynamic))
        registerTiles.push_back(op);
    });
    for (linalg::LinalgOp op : registerTiles) {
      rewriter.setInsertionPoint(op);
      (void)linalg::vectorize(rewriter, op);
    }
    func.walk([&](linalg::LinalgOp op) { op->removeAttr(kRegisterTile); });

    // Recognise the vectorized tiles as vector.contract, then lower those to
    // outer products (broadcast-FMA rows).
    RewritePatternSet contractPatterns(ctx);
    vector::populateVectorReductionToContractPatterns(contractPatterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(contractPatterns);
    if (failed(applyPatternsAndFoldGreedily(func, std::move(contractPatterns))))
      return signalPassFailure();

    RewritePatternSet lowering(ctx);
    vector::populateCastAwayVectorLeadingOneDimPatterns(lowering);
    vector::populateVectorContractLoweringPatterns(
        lowering, vector::VectorTransformsOptions().setVectorTransformsOptions(
                      vector::VectorContractLowering::OuterProduct));
    vector::populateVectorTransferPermutationMapLoweringPatterns(lowering);
    vector::TransferReadOp::getCanonicalizationPatterns(lowering, ctx);
    vector::TransferWriteOp::getCanonicalizationPatterns(lowering, ctx);
    if (failed(applyPatternsAndFoldGreedily(func, std::move(lowering))))
      return signalPassFailure();
  }
};

struct TfmHoistVectorTransfersPass
    : tfm::impl::TfmHoistVectorTransfersBase<TfmHoistVectorTransfersPass> {
  void runOnOperation() override { linalg::hoistRedundantVectorTransfers(getOperation()); }
};

} // namespace
