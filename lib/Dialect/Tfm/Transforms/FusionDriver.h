//===- FusionDriver.h - fusion patterns that explain refusals ---*- C++ -*-===//
//
// Shared by the tfm fusion passes: applies their patterns to a fixed point
// and, with `report-refusals`, turns each notifyMatchFailure into a remark.
//
//===----------------------------------------------------------------------===//

#ifndef TFM_LIB_DIALECT_TFM_TRANSFORMS_FUSIONDRIVER_H
#define TFM_LIB_DIALECT_TFM_TRANSFORMS_FUSIONDRIVER_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include <set>
#include <string>

namespace mlir::tfm {

/// Turns match failures into remarks, once per location and reason (the
/// greedy driver revisits ops after every change).
struct RefusalReporter : RewriterBase::Listener {
  void notifyMatchFailure(Location loc,
                          function_ref<void(Diagnostic &)> reasonCallback) override {
    Diagnostic reason(loc, DiagnosticSeverity::Remark);
    reasonCallback(reason);
    std::string message = reason.str();
    if (reported.insert({loc.getAsOpaquePointer(), message}).second)
      emitRemark(loc) << "not fused: " << message;
  }
  std::set<std::pair<const void *, std::string>> reported;
};

/// Applies `patterns` to `op` until nothing fuses any more. With
/// `reportRefusals`, the patterns are then tried once more on the result
/// with every refusal reported as a remark, so that the remarks explain what
/// stayed unfused, not chains refused on the way that a later fusion made
/// match.
inline LogicalResult applyFusionPatterns(Operation *op, RewritePatternSet &&patterns,
                                         bool reportRefusals) {
  FrozenRewritePatternSet frozen(std::move(patterns));
  if (failed(applyPatternsAndFoldGreedily(op, frozen)))
    return failure();
  if (!reportRefusals)
    return success();
  GreedyRewriteConfig config;
  RefusalReporter reporter;
  config.listener = &reporter;
  return applyPatternsAndFoldGreedily(op, frozen, config);
}

} // namespace mlir::tfm

#endif // TFM_LIB_DIALECT_TFM_TRANSFORMS_FUSIONDRIVER_H
