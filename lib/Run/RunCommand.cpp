//===- RunCommand.cpp - The `tfm` command line ----------------------------===//
//
// Mistakes are reported before the slow steps: the command line first, then
// the model folder and whether the job takes the inputs given, then the
// output directory, and only then the compile (or cache lookup), the load
// and the run. Nothing is printed to stdout until the answer is complete,
// except generated text, which is streamed as the tokens come.
//
//===----------------------------------------------------------------------===//

#include "tfm/Run/RunCommand.h"

#include "CApi.h"

#include "tfm/Import/HuggingFace.h"
#include "tfm/Run/CompileCache.h"
#include "tfm/Run/Evaluation.h"
#include "tfm/Run/Generation.h"
#include "tfm/Run/ModelFolder.h"
#include "tfm/Run/Predictions.h"
#include "tfm/Support/InputFile.h"
#include "tfm/Support/Limits.h"
#include "tfm/Tools/ModelFiles.h"
#include "tfm/Tools/Npy.h"
#include "tfm/tfm.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>

namespace tfm::run {
namespace {

constexpr const char *kUsage =
    "usage: tfm run MODEL_DIR [inputs] [options]\n"
    "\n"
    "Compiles the Hugging Face model in MODEL_DIR (config.json, model.safetensors) on first\n"
    "use, caching the library, and runs the job of its architecture:\n"
    "  GPT2LMHeadModel                the most likely next tokens\n"
    "  BertForSequenceClassification  labels with scores\n"
    "  BertForMaskedLM                the most likely tokens at each [MASK]\n"
    "  ViTForImageClassification      the most likely labels\n"
    "  DeiTForImageClassification     the most likely labels (WithTeacher: of both heads)\n"
    "  BertModel                      no head: its outputs, with --output-dir\n"
    "\n"
    "inputs:\n"
    "  --input NAME=FILE.npy   a model input as a .npy array (repeatable; e.g.\n"
    "                          input_ids=ids.npy, pixel_values=pixels.npy)\n"
    "  --prompt TEXT           GPT-2's prompt\n"
    "  --text TEXT             a text to classify or fill (repeatable)\n"
    "  --text-file FILE        texts, one per line\n"
    "  --image FILE            a PNG or JPEG image (repeatable), preprocessed as\n"
    "                          MODEL_DIR/preprocessor_config.json says\n"
    "options:\n"
    "  --top-k K               answers per prediction (default 5)\n"
    "  --json                  print one JSON document\n"
    "  --output-dir DIR        also write every output to DIR/NAME.npy\n"
    "  --threads N             OpenMP threads (default: the CPUs this process may use)\n"
    "  --backend B             dnnl (default) or llvm\n"
    "  --precision P           f32 (default), bf16 or int8\n"
    "  --target-cpu CPU        as tfm-compile --target-cpu (default native)\n"
    "  --cache-dir DIR         compiled models (default $XDG_CACHE_HOME/tfm or ~/.cache/tfm)\n"
    "  --verbose               say whether the cache had the model\n"
    "evaluations (instead of inputs):\n"
    "  --perplexity FILE       GPT-2: the perplexity of the file's text, in windows of the\n"
    "                          context length\n"
    "  --mlm-loss FILE         BertForMaskedLM: the masked-LM loss over the file's lines,\n"
    "                          15 % of each batch's tokens masked 80/10/10 as in BERT\n"
    "  --seed N                the masks' seed (default 0)\n"
    "  --batch-size N          lines per batch for --mlm-loss (default 8)\n"
    "generation (GPT2LMHeadModel, instead of the next-token answer):\n"
    "  --max-new-tokens N      generate up to N tokens after --prompt, printing the prompt\n"
    "                          and the text as it comes; stops at the config's\n"
    "                          eos_token_id, after N tokens or at a --stop string;\n"
    "                          --input input_ids=IDS.npy (int64 or int32 [1, P]) gives the\n"
    "                          prompt's token ids instead of --prompt\n"
    "  --temperature T         0 (default): greedy; > 0: sample from softmax(logits / T)\n"
    "  --top-k K               sample from the K most likely tokens (default 0: all)\n"
    "  --top-p P               sample from the most likely tokens holding P, in (0, 1]\n"
    "                          (default 1: all)\n"
    "  --repetition-penalty R  > 0: the logits of tokens already in the text divided by R\n"
    "                          (multiplied when negative), as Hugging Face (default 1)\n"
    "  --seed N                the sampler's seed (default 0): a seed gives the same text\n"
    "  --stop STR              end before STR in the generated text, which is not printed\n"
    "                          (repeatable)\n"
    "  --warmup                generate once, untimed and unprinted, before the generation\n"
    "                          the timings are of (kernels are compiled on first use)\n"
    "  --json                  print one JSON document: ids, text, stop reason, timings\n";

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

/// A decimal integer in [1, maxValue], without sign, blanks or trailing text.
bool parseCount(const std::string &text, int64_t maxValue, int64_t &out) {
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  out = std::stoll(text);
  return out >= 1 && out <= maxValue;
}

/// A finite decimal number, without blanks or trailing text.
bool parseNumber(const std::string &text, double &out) {
  if (text.empty() || text.size() > 64 || std::isspace(static_cast<unsigned char>(text[0])))
    return false;
  char *end = nullptr;
  errno = 0;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && errno == 0 && std::isfinite(out) &&
         text.find_first_of("xXnNiI") == std::string::npos;
}

/// Inputs of one kind only: files (--input), text, images, or an
/// evaluation's file.
bool checkInputKinds(const RunOptions &options, std::string &error) {
  if (options.maxNewTokens > 0) {
    if (!options.perplexityFile.empty() || !options.mlmLossFile.empty() ||
        !options.texts.empty() || !options.textFile.empty() || !options.images.empty()) {
      error = "--max-new-tokens generates text after --prompt (or --input input_ids=FILE) "
              "alone: it takes no --text, --text-file, --image or evaluation";
      return false;
    }
    if (!options.outputDir.empty()) {
      error = "--max-new-tokens prints the generated text: it takes no --output-dir";
      return false;
    }
    bool idsInput = options.inputs.size() == 1 && options.inputs.front().name == "input_ids";
    if (!options.inputs.empty() && (!idsInput || options.hasPrompt)) {
      error = "--max-new-tokens takes the prompt as --prompt TEXT or as one --input "
              "input_ids=IDS.npy, not both nor other inputs";
      return false;
    }
    if (!options.hasPrompt && !idsInput) {
      error = "--max-new-tokens generates text after a prompt: give --prompt TEXT";
      return false;
    }
  }
  const bool evaluation = !options.perplexityFile.empty() || !options.mlmLossFile.empty();
  if (!options.perplexityFile.empty() && !options.mlmLossFile.empty()) {
    error = "--perplexity (GPT-2) and --mlm-loss (BERT) are different evaluations: give one";
    return false;
  }
  if (evaluation && (!options.inputs.empty() || options.hasPrompt || !options.texts.empty() ||
                     !options.textFile.empty() || !options.images.empty() ||
                     !options.outputDir.empty())) {
    error = std::string(options.perplexityFile.empty() ? "--mlm-loss" : "--perplexity") +
            " evaluates the model on its file alone: it takes no other input and no "
            "--output-dir";
    return false;
  }
  int kinds = !options.inputs.empty() + (options.hasPrompt || !options.texts.empty() ||
                                         !options.textFile.empty()) +
              !options.images.empty();
  if (kinds > 1) {
    error = "give the model's inputs one way: --input files, text (--prompt, --text, "
            "--text-file) or --image";
    return false;
  }
  if (options.hasPrompt && (!options.texts.empty() || !options.textFile.empty())) {
    error = "--prompt is GPT-2's input and --text/--text-file BERT's: give one of them";
    return false;
  }
  return true;
}

struct Failure {
  int exitCode;
  std::string message;
};

/// Prints `failure` and returns its exit code.
int report(Environment &env, const Failure &failure, const char *command = "run") {
  env.out.flush();
  env.err << "tfm: error: " << failure.message << "\n";
  if (failure.exitCode == kExitUsageError)
    env.err << "Try 'tfm " << command << " --help' for usage.\n";
  env.err.flush();
  return failure.exitCode;
}

//===----------------------------------------------------------------------===//
// Progress
//===----------------------------------------------------------------------===//

/// Prints progress lines on a terminal, and nothing elsewhere.
class Progress {
public:
  explicit Progress(Environment &env) : env_(env) {}
  void operator()(const std::string &message) const {
    if (!env_.stderrIsTerminal)
      return;
    env_.err << "tfm: " << message << "...\n";
    env_.err.flush();
  }

private:
  Environment &env_;
};

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

/// What the answers are about, for printing them.
struct Report {
  const ModelFolder *folder = nullptr;
  Task task = Task::Features;
  /// Names token ids (next-token, fill-mask); null without a tokenizer.
  const text::Tokenizer *tokenizer = nullptr;
  /// Each batch row's text or image file; empty for .npy inputs.
  std::vector<std::string> rows;
  /// The .npy files given, when the inputs are files.
  std::string files;
  std::vector<Answer> answers;
  /// Each output written by --output-dir: name, shape, file.
  struct WrittenOutput {
    std::string name;
    std::vector<int64_t> shape;
    std::string path;
  };
  std::vector<WrittenOutput> written;
};

bool answersAreLabels(Task task) {
  return task == Task::SequenceClassification || task == Task::ImageClassification;
}

/// The label of class `id` from id2label, "" without one.
std::string labelOf(const Report &report, int64_t id) {
  const std::vector<std::string> &labels = report.folder->labels;
  if (answersAreLabels(report.task) && id >= 0 && id < static_cast<int64_t>(labels.size()))
    return labels[static_cast<size_t>(id)];
  return "";
}

/// The vocabulary entry of token `id` ("" without a tokenizer).
std::string tokenOf(const Report &report, int64_t id) {
  return !answersAreLabels(report.task) && report.tokenizer ? report.tokenizer->tokenText(id)
                                                             : "";
}

/// The text token `id` decodes to, as valid UTF-8 (a byte-level BPE token
/// may be part of a character); "" without a tokenizer.
std::string tokenTextOf(const Report &report, int64_t id) {
  std::string text, error;
  if (answersAreLabels(report.task) || !report.tokenizer ||
      !report.tokenizer->decode({id}, text, error))
    return "";
  return llvm::json::fixUTF8(text);
}

/// `text` as a JSON string literal: quoted, with escapes.
std::string quoted(const std::string &text) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::json::Value(llvm::json::fixUTF8(text));
  return os.str();
}

std::string describeAnswer(const Report &report, const Answer &answer) {
  const std::string row = report.rows.empty()
                              ? "row " + std::to_string(answer.row) + " of " + report.files
                              : (report.task == Task::ImageClassification
                                     ? report.rows[static_cast<size_t>(answer.row)]
                                     : quoted(report.rows[static_cast<size_t>(answer.row)]));
  if (report.task == Task::NextToken)
    return "next token after token " + std::to_string(answer.position) + " of " + row;
  if (report.task == Task::FillMask)
    return "[MASK] at token " + std::to_string(answer.position) + " of " + row;
  return row;
}

void printText(llvm::raw_ostream &os, const Report &report) {
  for (const Answer &answer : report.answers) {
    os << describeAnswer(report, answer) << ":\n";
    for (const Prediction &prediction : answer.predictions) {
      os << "  " << llvm::format("%.6f", prediction.probability) << "  ";
      std::string label = labelOf(report, prediction.id);
      std::string token = tokenOf(report, prediction.id);
      if (!label.empty())
        os << label << " (id " << prediction.id << ")\n";
      else if (report.tokenizer && std::string(report.tokenizer->kind()) == "bpe")
        os << quoted(tokenTextOf(report, prediction.id)) << " (id " << prediction.id << ")\n";
      else if (!token.empty())
        os << token << " (id " << prediction.id << ")\n";
      else
        os << (answersAreLabels(report.task) ? "class " : "token ") << prediction.id << "\n";
    }
  }
  for (const Report::WrittenOutput &output : report.written) {
    os << output.name << ": [" << llvm::join(llvm::map_range(output.shape, [](int64_t d) {
                                              return std::to_string(d);
                                            }),
                                            ", ")
       << "] -> " << output.path << "\n";
  }
}

void printJson(llvm::raw_ostream &os, const Report &report) {
  llvm::json::OStream json(os, 2);
  json.object([&] {
    json.attribute("model", report.folder->dir);
    json.attribute("architecture", report.folder->architecture);
    json.attribute("task", taskName(report.task));
    if (!report.files.empty())
      json.attribute("inputs", report.files);
    json.attributeArray("results", [&] {
      for (const Answer &answer : report.answers) {
        json.object([&] {
          json.attribute("row", answer.row);
          if (!report.rows.empty())
            json.attribute(report.task == Task::ImageClassification ? "image" : "text",
                           llvm::json::fixUTF8(report.rows[static_cast<size_t>(answer.row)]));
          if (answer.position >= 0)
            json.attribute("position", answer.position);
          json.attributeArray("predictions", [&] {
            for (const Prediction &prediction : answer.predictions) {
              json.object([&] {
                json.attribute("id", prediction.id);
                std::string label = labelOf(report, prediction.id);
                if (!label.empty())
                  json.attribute("label", label);
                if (report.tokenizer && !answersAreLabels(report.task)) {
                  json.attribute("token", llvm::json::fixUTF8(tokenOf(report, prediction.id)));
                  json.attribute("text", tokenTextOf(report, prediction.id));
                }
                json.attribute("probability", prediction.probability);
              });
            }
          });
        });
      }
    });
    if (!report.written.empty()) {
      json.attributeObject("outputs", [&] {
        for (const Report::WrittenOutput &output : report.written)
          json.attributeObject(output.name, [&] {
            json.attributeArray("shape", [&] {
              for (int64_t d : output.shape)
                json.value(d);
            });
            json.attribute("file", output.path);
          });
      });
    }
  });
  os << "\n";
}

//===----------------------------------------------------------------------===//
// The job
//===----------------------------------------------------------------------===//

/// Whether the job of `task` takes the inputs given; a usage error if not.
bool checkInputsFitTask(const RunOptions &options, const ModelFolder &folder, Task task,
                        std::string &error) {
  const std::string model =
      folder.architecture.empty() ? "this " + folder.modelType + " model" : folder.architecture;
  const bool text = !options.texts.empty() || !options.textFile.empty();
  if (options.hasPrompt && task != Task::NextToken) {
    error = "--prompt is for next-token prediction (GPT2LMHeadModel); " + model +
            " does " + taskName(task);
    return false;
  }
  if (text && task != Task::SequenceClassification && task != Task::FillMask &&
      task != Task::Features) {
    error = "--text is for BERT models; " + model + " does " + taskName(task) +
            (task == Task::NextToken ? " (use --prompt)" : "");
    return false;
  }
  if (!options.images.empty() && task != Task::ImageClassification) {
    error = "--image is for image classification (ViT, DeiT); " + model +
            " does " + taskName(task);
    return false;
  }
  if (!options.hasPrompt && !text && options.images.empty() && options.inputs.empty()) {
    error = std::string("no input given: ") +
            (task == Task::NextToken ? "pass --prompt TEXT or --input input_ids=FILE.npy"
             : task == Task::ImageClassification
                 ? "pass --image FILE or --input pixel_values=FILE.npy"
                 : "pass --text TEXT or --input input_ids=FILE.npy");
    return false;
  }
  if (task == Task::Features && options.outputDir.empty()) {
    error = model + " has no task head (its outputs are hidden states): pass --output-dir DIR "
                    "to write them";
    return false;
  }
  return true;
}

/// What the job reads before anything is compiled: the texts, the
/// tokenizer, the image preprocessing.
struct JobInputs {
  std::vector<SourcedText> texts;
  std::unique_ptr<text::Tokenizer> tokenizer;
  image::Preprocessing preprocessing;
  std::string preprocessorPath;
};

/// Whether `dir` has any of the files a tokenizer is read from.
bool hasTokenizerFiles(const std::string &dir) {
  for (const char *name : {"tokenizer.json", "vocab.json", "vocab.txt"})
    if (llvm::sys::fs::exists(dir + "/" + name))
      return true;
  return false;
}

/// Reads the texts, tokenizer and preprocessing the job needs (errors name
/// the file).
bool prepareJobInputs(const RunOptions &options, const ModelFolder &folder, Task task,
                      JobInputs &job, std::string &error) {
  if (options.hasPrompt)
    job.texts.push_back({options.prompt, "--prompt"});
  for (size_t i = 0; i < options.texts.size(); ++i)
    job.texts.push_back({options.texts[i], "--text " + std::to_string(i + 1)});
  if (!options.textFile.empty() && !readTextFile(options.textFile, job.texts, error))
    return false;
  // Text needs the tokenizer; so does fill-mask (to find [MASK]); the
  // language models' answers are named with it when the folder has one.
  const bool tokenTask = task == Task::NextToken || task == Task::FillMask;
  if (!job.texts.empty() || task == Task::FillMask ||
      (tokenTask && hasTokenizerFiles(folder.dir))) {
    job.tokenizer = text::Tokenizer::load(folder.dir, error);
    if (!job.tokenizer)
      return false;
  }
  // A [MASK] asks for fill-mask, which only a masked-LM head does.
  if (task != Task::FillMask)
    for (const SourcedText &text : job.texts)
      if (text.text.find("[MASK]") != std::string::npos) {
        error = text.origin + ": [MASK] asks for fill-mask, but " +
                (folder.architecture.empty() ? folder.modelType : folder.architecture) +
                " has no masked-LM head (it does " + taskName(task) + ")";
        return false;
      }
  if (task == Task::FillMask && !job.tokenizer->maskId()) {
    error = "the tokenizer in " + folder.dir + " has no [MASK] token, which fill-mask fills";
    return false;
  }
  if (!options.images.empty()) {
    job.preprocessorPath = folder.dir + "/preprocessor_config.json";
    if (!image::readPreprocessing(job.preprocessorPath, job.preprocessing, error))
      return false;
  }
  return true;
}

/// Fills in the cache directory and thread count the options leave to the
/// environment, and the compile settings the options choose.
bool resolveDefaults(RunOptions &options, const Environment &env, CompileSettings &settings,
                     std::string &error) {
  if (options.cacheDir.empty() &&
      !defaultCacheDirectory(env.xdgCacheHome, env.home, options.cacheDir, error))
    return false;
  if (options.threads == 0)
    options.threads = env.defaultThreads;
  settings.backend = *mlir::tfm::parseBackend(options.backend);
  settings.precision = *mlir::tfm::parsePrecision(options.precision);
  settings.targetCpu = options.targetCpu;
  settings.toolDir = env.toolDir;
  return true;
}

/// The compiled model of `folder` from the cache (compiled into it first on
/// a miss), opened; with --verbose, whether the cache had it.
bool openCompiled(const ModelFolder &folder, const CompileSettings &settings,
                  const std::string &cacheDir, const RunOptions &options, Environment &env,
                  const Progress &progress, ModelHandle &model, std::string &error) {
  CachedModel cached;
  auto start = std::chrono::steady_clock::now();
  if (!getOrCompile(folder, settings, cacheDir, progress, cached, error))
    return false;
  if (options.verbose) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (cached.hit)
      env.err << "tfm: compile cache hit: " << cached.libraryPath << "\n";
    else
      env.err << "tfm: compiled into the cache: " << cached.libraryPath << " ("
              << llvm::format("%.2f", seconds) << " s)\n";
    env.err.flush();
  }
  progress("loading " + cached.libraryPath);
  tfm_model_handle *opened = nullptr;
  error = takeMessage(tfm_model_open(cached.libraryPath.c_str(), &opened));
  model.reset(opened);
  if (error.empty())
    return true;
  if (cached.hit)
    error += " (a damaged cache entry: remove it and run again)";
  return false;
}

/// A context of `model` with the options' threads and `folder`'s weights.
bool bindWeights(tfm_model_handle *model, const ModelFolder &folder, const RunOptions &options,
                 const Progress &progress, ContextHandle &context, std::string &error) {
  progress("binding " + folder.weightsPath);
  tfm_context *created = nullptr;
  error = takeMessage(tfm_context_create(model, &created));
  context.reset(created);
  if (error.empty())
    error = takeMessage(tfm_context_set_threads(context.get(), options.threads));
  if (error.empty())
    error = takeMessage(tfm_context_bind_weights_file(context.get(), folder.weightsPath.c_str()));
  return error.empty();
}

/// The run after the folder and options are checked.
int runChecked(const RunOptions &options, const ModelFolder &folder, Task task,
               const JobInputs &job, const CompileSettings &settings,
               const std::string &cacheDir, Environment &env) {
  auto dataError = [&](std::string message) {
    return report(env, {kExitDataError, std::move(message)});
  };
  Progress progress(env);
  std::string error;
  ModelHandle model;
  if (!openCompiled(folder, settings, cacheDir, options, env, progress, model, error))
    return dataError(error);
  std::string message;

  // The inputs, checked before the weights are bound.
  ModelInputs inputs;
  bool usageError = false;
  bool made = !options.inputs.empty()
                  ? inputsFromFiles(model.get(), options.inputs, inputs, usageError, error)
              : !job.texts.empty()
                  ? inputsFromTexts(model.get(), *job.tokenizer, job.texts, inputs, error)
                  : inputsFromImages(model.get(), job.preprocessing, job.preprocessorPath,
                                     options.images, inputs, error);
  if (!made)
    return report(env, {usageError ? kExitUsageError : kExitDataError, error});
  int logitsIndex = -1;
  if (task != Task::Features) {
    message = takeMessage(tfm_model_find_output(model.get(), "logits", &logitsIndex));
    if (!message.empty())
      return dataError(folder.configPath + ": the model compiled from it has no 'logits' for " +
                       taskName(task) + ": " + message);
  }
  if (task == Task::FillMask && inputs.ids.empty())
    return dataError("fill-mask reads the [MASK] positions from input_ids, which the model "
                     "does not take");

  ContextHandle context;
  if (!bindWeights(model.get(), folder, options, progress, context, error))
    return dataError(error);

  progress("running");
  tools::OutputBuffers outputs(static_cast<size_t>(tfm_model_num_outputs(model.get())));
  message = takeMessage(tfm_context_run_alloc(context.get(), inputs.tensors.data(),
                                              static_cast<int>(inputs.tensors.size()),
                                              outputs.data(), outputs.size()));
  if (!message.empty())
    return dataError(message);

  Report result;
  result.folder = &folder;
  result.task = task;
  result.tokenizer = job.tokenizer.get();
  result.rows = inputs.rows;
  result.files = inputs.files;
  bool answered = true;
  if (task == Task::NextToken)
    answered = predictNextTokens(outputs[static_cast<size_t>(logitsIndex)], inputs.lengths,
                                 options.topK, result.answers, error);
  else if (task == Task::FillMask)
    answered = fillMasks(outputs[static_cast<size_t>(logitsIndex)], inputs.ids,
                         *job.tokenizer->maskId(), options.topK, result.answers, error);
  else if (answersAreLabels(task))
    answered = classifyRows(outputs[static_cast<size_t>(logitsIndex)], options.topK,
                            result.answers, error);
  if (!answered)
    return dataError("the model's logits: " + error);
  if (answersAreLabels(task) && !folder.labels.empty() &&
      outputs[static_cast<size_t>(logitsIndex)].shape[1] !=
          static_cast<int64_t>(folder.labels.size()))
    return dataError(folder.configPath + ": id2label has " +
                     std::to_string(folder.labels.size()) + " labels, but the model has " +
                     std::to_string(outputs[static_cast<size_t>(logitsIndex)].shape[1]) +
                     " classes");

  if (!options.outputDir.empty()) {
    rt::Status status = tools::writeOutputFiles(model.get(), outputs, options.outputDir);
    if (!status.ok())
      return dataError(status.message());
    for (int i = 0; i < outputs.size(); ++i) {
      const tfm_tensor &tensor = outputs[static_cast<size_t>(i)];
      const char *name = tfm_model_output(model.get(), i)->name;
      result.written.push_back({name, std::vector<int64_t>(tensor.shape, tensor.shape + tensor.rank),
                                tools::outputFilePath(options.outputDir, name)});
    }
  }
  if (options.json)
    printJson(env.out, result);
  else
    printText(env.out, result);
  env.out.flush();
  return kExitSuccess;
}

/// `--perplexity` and `--mlm-loss`: the model compiled with its loss
/// (tfm-append-loss), run over the file.
int runEvaluation(const RunOptions &options, const ModelFolder &folder, Task task,
                  CompileSettings settings, const std::string &cacheDir, Environment &env) {
  auto dataError = [&](std::string message) {
    return report(env, {kExitDataError, std::move(message)});
  };
  const bool perplexity = !options.perplexityFile.empty();
  const std::string &file = perplexity ? options.perplexityFile : options.mlmLossFile;
  const std::string model =
      folder.architecture.empty() ? "this " + folder.modelType + " model" : folder.architecture;
  if (perplexity ? task != Task::NextToken : task != Task::FillMask)
    return report(env, {kExitUsageError,
                        std::string(perplexity ? "--perplexity is for GPT2LMHeadModel"
                                               : "--mlm-loss is for BertForMaskedLM") +
                            "; " + model + " does " + taskName(task)});
  std::string error;
  // A perplexity reads the whole text, beyond the model's length: the
  // windows cut it, not the tokenizer.
  text::TokenizerOptions tokenizerOptions;
  tokenizerOptions.maxLength = perplexity ? -1 : 0;
  std::unique_ptr<text::Tokenizer> tokenizer =
      text::Tokenizer::load(folder.dir, error, tokenizerOptions);
  if (!tokenizer)
    return dataError(error);
  std::vector<SourcedText> lines;
  std::vector<int64_t> ids;
  if (perplexity) {
    auto contents = mlir::tfm::readInputFile(file, limits::kMaxTextFileBytes);
    if (!contents)
      return dataError(file + ": " + llvm::toString(contents.takeError()));
    text::Encoding encoding;
    if (!tokenizer->encode((*contents)->getBuffer(), encoding, error))
      return dataError(file + ": " + error);
    ids = std::move(encoding.ids);
  } else {
    if (!readTextFile(file, lines, error))
      return dataError(error);
    // Blank lines are no texts (as a line-by-line dataset skips them).
    lines.erase(std::remove_if(lines.begin(), lines.end(),
                               [](const SourcedText &line) {
                                 return llvm::StringRef(line.text).trim().empty();
                               }),
                lines.end());
    if (lines.empty())
      return dataError(file + ": no text (every line is blank)");
    if (!tokenizer->maskId())
      return dataError("the tokenizer in " + folder.dir +
                       " has no [MASK] token, which the masked-LM loss needs");
  }

  LossSettings loss;
  loss.objective = perplexity ? mlir::tfm::LossObjective::NextToken
                              : mlir::tfm::LossObjective::MaskedLm;
  if (!perplexity) {
    loss.seed = options.seed;
    loss.maskToken = *tokenizer->maskId();
    loss.exclude = tokenizer->specialIds();
  }
  settings.loss = loss;
  Progress progress(env);
  ModelHandle handle;
  ContextHandle context;
  if (!openCompiled(folder, settings, cacheDir, options, env, progress, handle, error) ||
      !bindWeights(handle.get(), folder, options, progress, context, error))
    return dataError(error);
  std::string message;

  progress("evaluating " + file);
  if (perplexity) {
    int index = -1;
    message = takeMessage(tfm_model_find_input(handle.get(), "input_ids", &index));
    if (!message.empty())
      return dataError(message);
    const int64_t window = tfm_model_input(handle.get(), index)->max_sequence;
    PerplexityResult result;
    if (!evaluatePerplexity(handle.get(), context.get(), ids,
                            window > 0 ? window : static_cast<int64_t>(ids.size()), result, error))
      return dataError(file + ": " + error);
    if (options.json)
      env.out << llvm::formatv("{{\"perplexity\": {0:e9}, \"mean_loss\": {1:e9}, \"tokens\": {2}, "
                               "\"predicted\": {3}, \"windows\": {4}, \"window\": {5}}\n",
                               result.perplexity, result.meanLoss, result.tokens, result.scored,
                               result.windows, window);
    else
      env.out << llvm::formatv("perplexity {0:g} over {1} tokens of {2} ({3} predicted in {4} "
                               "window(s) of up to {5}); mean next-token loss {6:f6} nats\n",
                               result.perplexity, result.tokens, file, result.scored,
                               result.windows, window, result.meanLoss);
  } else {
    MaskedLmResult result;
    if (!evaluateMaskedLm(handle.get(), context.get(), *tokenizer, lines, options.batchSize,
                          result, error))
      return dataError(error);
    if (options.json)
      env.out << llvm::formatv("{{\"mlm_loss\": {0:e9}, \"masked_positions\": {1}, \"texts\": {2}, "
                               "\"batches\": {3}, \"seed\": {4}}\n",
                               result.meanLoss, result.masked, result.texts, result.batches,
                               options.seed);
    else
      env.out << llvm::formatv("masked-LM loss {0:f6} nats over {1} masked positions ({2} texts "
                               "of {3} in {4} batch(es), seed {5})\n",
                               result.meanLoss, result.masked, result.texts, file,
                               result.batches, options.seed);
  }
  env.out.flush();
  return kExitSuccess;
}


//===----------------------------------------------------------------------===//
// Generation
//===----------------------------------------------------------------------===//

/// What generation reads from config.json: the positions (n_positions,
/// else n_ctx; 0 when absent) and the EOS ids (eos_token_id: an id or a
/// list of ids; empty when absent or null).
bool readGenerationConfig(const ModelFolder &folder, int64_t &positions,
                          std::vector<int64_t> &eos, std::string &error) {
  positions = 0;
  eos.clear();
  const llvm::json::Object *config = &folder.config;
  for (const char *name : {"n_positions", "n_ctx"}) {
    if (const llvm::json::Value *value = config->get(name)) {
      std::optional<int64_t> number = value->getAsInteger();
      if (!number || *number < 1) {
        error = folder.configPath + ": " + name + " must be a positive integer";
        return false;
      }
      positions = *number;
      break;
    }
  }
  const llvm::json::Value *field = config->get("eos_token_id");
  if (!field || field->kind() == llvm::json::Value::Null)
    return true;
  auto addId = [&](const llvm::json::Value &value) {
    std::optional<int64_t> id = value.getAsInteger();
    if (id && *id >= 0)
      eos.push_back(*id);
    return id && *id >= 0;
  };
  bool valid = true;
  if (const llvm::json::Array *list = field->getAsArray()) {
    for (const llvm::json::Value &value : *list)
      valid = valid && addId(value);
  } else {
    valid = addId(*field);
  }
  if (!valid) {
    error = folder.configPath + ": eos_token_id must be a token id or a list of token ids";
    return false;
  }
  return true;
}

/// The generation call's token callback: records each token, decodes the
/// text generated so far and prints what TextStream releases.
struct Streaming {
  const text::Tokenizer *tokenizer = nullptr;
  std::vector<int64_t> eos;
  /// Every generated id, and those that make the text (all but EOS).
  std::vector<int64_t> generated, textIds;
  TextStream stream{{}};
  /// Null with --json: nothing is printed until the end.
  llvm::raw_ostream *out = nullptr;
  std::string error;
};

int onToken(int64_t token, void *user) {
  auto &streaming = *static_cast<Streaming *>(user);
  streaming.generated.push_back(token);
  if (llvm::is_contained(streaming.eos, token))
    return 0; // generation ends here; EOS is no text
  streaming.textIds.push_back(token);
  std::string bytes;
  if (!streaming.tokenizer->decode(streaming.textIds, bytes, streaming.error))
    return 1;
  std::string piece = streaming.stream.update(bytes);
  if (streaming.out && !piece.empty()) {
    *streaming.out << piece;
    streaming.out->flush();
  }
  return streaming.stream.stopped() ? 1 : 0;
}

/// The prompt's ids from `--input input_ids=FILE`: an int64 or int32 .npy
/// of shape [1, P] (or [P]). The model checks them against its vocabulary.
bool readPromptIds(const std::string &path, std::vector<int64_t> &ids, std::string &error) {
  tools::NpyArray array;
  rt::Status status = tools::readNpy(path, array);
  if (!status.ok()) {
    error = status.message();
    return false;
  }
  bool oneRow = array.shape.size() == 1 || (array.shape.size() == 2 && array.shape[0] == 1);
  if (!oneRow) {
    std::string shape;
    for (int64_t dim : array.shape)
      shape += (shape.empty() ? "" : ", ") + std::to_string(dim);
    error = path + ": the prompt's ids must have shape [1, P] or [P], not [" + shape + "]";
    return false;
  }
  if (const int64_t *wide = array.dataAs<int64_t>())
    ids.assign(wide, wide + array.numElements());
  else if (const int32_t *narrow = array.dataAs<int32_t>())
    ids.assign(narrow, narrow + array.numElements());
  else {
    error = path + ": the prompt's ids must be int64 or int32, not " + array.dtypeName();
    return false;
  }
  return true;
}

/// `--prompt TEXT --max-new-tokens N`: GPT-2 compiled with a KV cache
/// generates after the prompt through tfm_context_generate.
int runGeneration(const RunOptions &options, const ModelFolder &folder, Task task,
                  CompileSettings settings, const std::string &cacheDir, Environment &env) {
  auto dataError = [&](std::string message) {
    return report(env, {kExitDataError, std::move(message)});
  };
  if (task != Task::NextToken)
    return report(env, {kExitUsageError,
                        "--max-new-tokens generates text with GPT2LMHeadModel; " +
                            (folder.architecture.empty() ? "this " + folder.modelType + " model"
                                                         : folder.architecture) +
                            " does " + taskName(task)});
  std::string error;
  if (!hasTokenizerFiles(folder.dir))
    return dataError(folder.dir + " has no tokenizer (tokenizer.json, or vocab.json and "
                                  "merges.txt): generation needs one to read the prompt and "
                                  "write the text");
  // The prompt whole: the positions check below, not the tokenizer, limits it.
  text::TokenizerOptions tokenizerOptions;
  tokenizerOptions.maxLength = -1;
  std::unique_ptr<text::Tokenizer> tokenizer =
      text::Tokenizer::load(folder.dir, error, tokenizerOptions);
  if (!tokenizer)
    return dataError(error);
  std::vector<int64_t> prompt;
  if (options.hasPrompt) {
    text::Encoding encoding;
    if (!tokenizer->encode(options.prompt, encoding, error))
      return dataError("--prompt: " + error);
    prompt = std::move(encoding.ids);
  } else if (!readPromptIds(options.inputs.front().path, prompt, error)) {
    return dataError(error);
  }
  if (prompt.empty())
    return dataError(std::string(options.hasPrompt ? "--prompt" : options.inputs.front().path) +
                     ": the prompt has no tokens; generation needs at least one");
  int64_t positions = 0;
  Streaming streaming;
  if (!readGenerationConfig(folder, positions, streaming.eos, error))
    return dataError(error);
  const int64_t promptTokens = static_cast<int64_t>(prompt.size());
  if (positions > 0 && promptTokens > positions - options.maxNewTokens)
    return dataError("the prompt's " + std::to_string(promptTokens) + " tokens and " +
                     std::to_string(options.maxNewTokens) +
                     " new tokens (--max-new-tokens) exceed the model's " +
                     std::to_string(positions) + " positions (" + folder.configPath + ")");

  settings.kvCache = true;
  Progress progress(env);
  ModelHandle model;
  if (!openCompiled(folder, settings, cacheDir, options, env, progress, model, error))
    return dataError(error);
  // The model's interface and positions, before the weights are bound.
  std::string message = takeMessage(tfm_model_check_generation(model.get(), promptTokens,
                                                               options.maxNewTokens));
  if (!message.empty())
    return dataError(folder.configPath + ": the model compiled from it: " + message);
  ContextHandle context;
  if (!bindWeights(model.get(), folder, options, progress, context, error))
    return dataError(error);

  tfm_generate_options generate;
  tfm_generate_options_init(&generate);
  generate.temperature = options.temperature;
  generate.top_k = options.samplingTopK;
  generate.top_p = options.topP;
  generate.repetition_penalty = options.repetitionPenalty;
  generate.seed = static_cast<uint64_t>(options.seed);
  generate.eos_ids = streaming.eos.data();
  generate.num_eos_ids = static_cast<int32_t>(streaming.eos.size());
  streaming.tokenizer = tokenizer.get();
  streaming.stream = TextStream(options.stops);
  if (options.warmup) {
    progress("warming up");
    tfm_generate_stats warmup{};
    message = takeMessage(tfm_context_generate(context.get(), prompt.data(), promptTokens,
                                               options.maxNewTokens, &generate, nullptr,
                                               nullptr, nullptr, &warmup));
    if (!message.empty())
      return dataError(message);
  }
  // The prompt as text: as given, or its ids decoded.
  std::string promptText = options.prompt;
  if (!options.hasPrompt && !tokenizer->decode(prompt, promptText, error))
    return dataError(options.inputs.front().path + ": " + error);
  if (!options.json) {
    streaming.out = &env.out;
    env.out << llvm::json::fixUTF8(promptText);
    env.out.flush();
  }
  progress("generating");
  tfm_generate_stats stats{};
  message = takeMessage(tfm_context_generate(context.get(), prompt.data(), promptTokens,
                                             options.maxNewTokens, &generate, onToken,
                                             &streaming, nullptr, &stats));
  if (message.empty() && !streaming.error.empty())
    message = "decoding the generated ids: " + streaming.error;
  if (!message.empty()) {
    if (!options.json)
      env.out << "\n";
    return dataError(message);
  }
  const std::string rest = streaming.stream.finish();
  const char *stopReason = streaming.stream.stopped()          ? "stop_string"
                           : stats.stop_reason == TFM_STOP_EOS ? "eos"
                                                               : "max_new_tokens";
  if (options.json) {
    llvm::json::OStream json(env.out);
    auto array = [&](const char *name, const std::vector<int64_t> &values) {
      json.attributeArray(name, [&] {
        for (int64_t value : values)
          json.value(value);
      });
    };
    json.object([&] {
      json.attribute("model", llvm::json::fixUTF8(folder.dir));
      json.attribute("prompt", llvm::json::fixUTF8(promptText));
      array("prompt_ids", prompt);
      array("generated_ids", streaming.generated);
      json.attribute("text", streaming.stream.shown());
      json.attribute("stop_reason", stopReason);
      if (streaming.stream.stopped())
        json.attribute("stop_string", llvm::json::fixUTF8(streaming.stream.stopString()));
      json.attribute("time_to_first_token_ms", stats.time_to_first_token_ms);
      json.attribute("tokens_per_second", stats.decode_tokens_per_second);
      json.attribute("cache_bytes", stats.cache_bytes);
    });
    env.out << "\n";
  } else {
    env.out << rest << "\n";
  }
  env.out.flush();
  if (options.verbose) {
    env.err << llvm::formatv("tfm: {0} tokens after {1} of the prompt (stop: {2}); time to "
                             "first token {3:f1} ms, decode {4:f1} tokens/s; KV cache {5} "
                             "bytes\n",
                             stats.generated_tokens, stats.prompt_tokens, stopReason,
                             stats.time_to_first_token_ms, stats.decode_tokens_per_second,
                             stats.cache_bytes);
    env.err.flush();
  }
  return kExitSuccess;
}

} // namespace

bool parseRunOptions(const std::vector<std::string> &args, RunOptions &options,
                     std::string &error) {
  options = RunOptions();
  std::optional<std::string> topK;
  std::vector<std::string> generationFlags;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "-h" || arg == "--help") {
      options.help = true;
      return true;
    }
    if (arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
      if (arg.size() > 1 && arg[0] == '-') {
        error = "unknown option '" + arg + "'";
        return false;
      }
      if (!options.modelDir.empty()) {
        error = "more than one MODEL_DIR ('" + options.modelDir + "' and '" + arg + "')";
        return false;
      }
      options.modelDir = arg;
      continue;
    }
    std::string flag = arg, value;
    bool hasValue = false;
    if (size_t equals = arg.find('='); equals != std::string::npos) {
      flag = arg.substr(0, equals);
      value = arg.substr(equals + 1);
      hasValue = true;
    }
    auto takeValue = [&]() -> bool {
      if (hasValue)
        return true;
      if (i + 1 >= args.size()) {
        error = flag + " needs a value";
        return false;
      }
      value = args[++i];
      return true;
    };
    auto noValue = [&]() -> bool {
      if (hasValue)
        error = flag + " takes no value";
      return !hasValue;
    };
    auto nonEmpty = [&]() -> bool {
      if (!takeValue())
        return false;
      if (value.empty())
        error = flag + " needs a non-empty value";
      return !value.empty();
    };
    if (flag == "--text") {
      if (!takeValue())
        return false;
      options.texts.push_back(value);
    } else if (flag == "--prompt") {
      if (!takeValue())
        return false;
      if (options.hasPrompt) {
        error = "--prompt given more than once";
        return false;
      }
      options.hasPrompt = true;
      options.prompt = value;
    } else if (flag == "--text-file" || flag == "--output-dir" || flag == "--cache-dir") {
      if (!nonEmpty())
        return false;
      std::string &target = flag == "--text-file"    ? options.textFile
                            : flag == "--output-dir" ? options.outputDir
                                                     : options.cacheDir;
      if (!target.empty()) {
        error = flag + " given more than once";
        return false;
      }
      target = value;
    } else if (flag == "--image") {
      if (!nonEmpty())
        return false;
      options.images.push_back(value);
    } else if (flag == "--input") {
      if (!takeValue())
        return false;
      size_t equals = value.find('=');
      if (equals == std::string::npos || equals == 0 || equals + 1 == value.size()) {
        error = "--input takes NAME=FILE.npy, got '" + value + "'";
        return false;
      }
      InputFileArg input{value.substr(0, equals), value.substr(equals + 1)};
      for (const InputFileArg &earlier : options.inputs)
        if (earlier.name == input.name) {
          error = "input '" + input.name + "' given more than once";
          return false;
        }
      options.inputs.push_back(input);
    } else if (flag == "--perplexity" || flag == "--mlm-loss") {
      if (!nonEmpty())
        return false;
      std::string &target = flag == "--perplexity" ? options.perplexityFile : options.mlmLossFile;
      if (!target.empty()) {
        error = flag + " given more than once";
        return false;
      }
      target = value;
    } else if (flag == "--seed") {
      if (!takeValue())
        return false;
      int64_t seed = 0;
      if (value != "0" && !parseCount(value, std::numeric_limits<int64_t>::max() / 10, seed)) {
        error = "--seed takes a whole number from 0, got '" + value + "'";
        return false;
      }
      options.seed = seed;
    } else if (flag == "--batch-size") {
      if (!takeValue())
        return false;
      if (!parseCount(value, kMaxBatchSize, options.batchSize)) {
        error = "--batch-size takes a whole number from 1 to " + std::to_string(kMaxBatchSize) +
                ", got '" + value + "'";
        return false;
      }
    } else if (flag == "--top-k") {
      // Answers per prediction, or the sampler's top-k when generating:
      // read once every flag is known.
      if (!takeValue())
        return false;
      topK = value;
    } else if (flag == "--max-new-tokens") {
      if (!takeValue())
        return false;
      if (!parseCount(value, kMaxNewTokens, options.maxNewTokens)) {
        error = "--max-new-tokens takes a whole number from 1 to " +
                std::to_string(kMaxNewTokens) + ", got '" + value + "'";
        return false;
      }
    } else if (flag == "--temperature" || flag == "--top-p" || flag == "--repetition-penalty") {
      if (!takeValue())
        return false;
      double number = 0;
      const bool parsed = parseNumber(value, number);
      if (flag == "--temperature" ? !(parsed && number >= 0)
          : flag == "--top-p"     ? !(parsed && number > 0 && number <= 1)
                                  : !(parsed && number > 0)) {
        error = flag +
                (flag == "--temperature" ? " takes a number >= 0 (0: greedy)"
                 : flag == "--top-p"     ? " takes a number in (0, 1]"
                                         : " takes a number > 0 (1: none)") +
                ", got '" + value + "'";
        return false;
      }
      (flag == "--temperature" ? options.temperature
       : flag == "--top-p"     ? options.topP
                               : options.repetitionPenalty) = number;
      generationFlags.push_back(flag);
    } else if (flag == "--stop") {
      if (!nonEmpty())
        return false;
      options.stops.push_back(value);
      generationFlags.push_back(flag);
    } else if (flag == "--warmup") {
      if (!noValue())
        return false;
      options.warmup = true;
      generationFlags.push_back(flag);
    } else if (flag == "--threads") {
      if (!takeValue())
        return false;
      int64_t threads = 0;
      if (!parseCount(value, tfm_max_threads(), threads)) {
        error = "--threads takes a whole number from 1 to " + std::to_string(tfm_max_threads()) +
                ", got '" + value + "'";
        return false;
      }
      options.threads = static_cast<int>(threads);
    } else if (flag == "--backend" || flag == "--precision" || flag == "--target-cpu") {
      if (!nonEmpty())
        return false;
      (flag == "--backend" ? options.backend
       : flag == "--precision" ? options.precision
                               : options.targetCpu) = value;
    } else if (flag == "--json") {
      if (!noValue())
        return false;
      options.json = true;
    } else if (flag == "--verbose") {
      if (!noValue())
        return false;
      options.verbose = true;
    } else {
      error = "unknown option '" + flag + "'";
      return false;
    }
  }
  if (options.modelDir.empty()) {
    error = "no MODEL_DIR given";
    return false;
  }
  if (options.maxNewTokens == 0 && !generationFlags.empty()) {
    error = generationFlags.front() + " is a generation option: give --max-new-tokens N too";
    return false;
  }
  if (topK && options.maxNewTokens > 0) {
    if (*topK != "0" && !parseCount(*topK, kMaxTopK, options.samplingTopK)) {
      error = "--top-k takes a whole number from 0 (all tokens) to " + std::to_string(kMaxTopK) +
              " when generating, got '" + *topK + "'";
      return false;
    }
  } else if (topK && !parseCount(*topK, kMaxTopK, options.topK)) {
    error = "--top-k takes a whole number from 1 to " + std::to_string(kMaxTopK) + ", got '" +
            *topK + "'";
    return false;
  }
  if (!mlir::tfm::parseBackend(options.backend)) {
    error = "unknown backend '" + options.backend + "'; available: dnnl, llvm";
    return false;
  }
  std::optional<mlir::tfm::Precision> precision = mlir::tfm::parsePrecision(options.precision);
  if (!precision) {
    error = "unknown precision '" + options.precision + "'; available: f32, bf16, int8";
    return false;
  }
  if (*precision != mlir::tfm::Precision::f32 && options.backend != "dnnl") {
    error = "precision " + options.precision + " needs the dnnl backend";
    return false;
  }
  return checkInputKinds(options, error);
}

int runModel(const RunOptions &parsed, Environment &env) {
  RunOptions options = parsed;
  ModelFolder folder;
  std::string error;
  if (!openModelFolder(options.modelDir, folder, error))
    return report(env, {kExitDataError, error});
  Task task;
  if (!taskOfArchitecture(folder.architecture, folder.modelType, task, error))
    return report(env, {kExitDataError, folder.configPath + ": " + error});
  const bool evaluation = !options.perplexityFile.empty() || !options.mlmLossFile.empty();
  if (!evaluation && !checkInputsFitTask(options, folder, task, error))
    return report(env, {kExitUsageError, error});
  CompileSettings settings;
  if (options.maxNewTokens > 0) {
    if (!resolveDefaults(options, env, settings, error))
      return report(env, {kExitUsageError, error});
    return runGeneration(options, folder, task, settings, options.cacheDir, env);
  }
  for (const std::string &image : options.images)
    if (!llvm::sys::fs::is_regular_file(image))
      return report(env, {kExitDataError, image + ": " +
                                              (llvm::sys::fs::exists(image) ? "not a regular file"
                                                                            : "no such file")});
  JobInputs job;
  if (!prepareJobInputs(options, folder, task, job, error))
    return report(env, {kExitDataError, error});
  if (!options.outputDir.empty()) {
    rt::Status writable = tools::checkOutputDir(options.outputDir);
    if (!writable.ok())
      return report(env, {kExitDataError, writable.message()});
  }
  if (!resolveDefaults(options, env, settings, error))
    return report(env, {kExitUsageError, error});
  if (evaluation)
    return runEvaluation(options, folder, task, settings, options.cacheDir, env);
  return runChecked(options, folder, task, job, settings, options.cacheDir, env);
}

namespace {

constexpr const char *kTokenizeUsage =
    "usage: tfm tokenize MODEL_DIR (--text TEXT)... [--text-file FILE] [--pair]\n"
    "       tfm detokenize MODEL_DIR --ids ID,ID,...\n"
    "\n"
    "tokenize prints, as one JSON document, each text's token ids with special tokens\n"
    "added, its attention_mask and, for tokenizers with token types (BERT), its\n"
    "token_type_ids, as the model folder's tokenizer makes them (tokenizer.json, or\n"
    "vocab.json + merges.txt, or vocab.txt). --pair encodes the texts two by two as\n"
    "sentence pairs (BERT). detokenize prints the text of the ids.\n";

/// `tfm tokenize` and `tfm detokenize`.
int tokenizerCommand(const std::string &command, const std::vector<std::string> &args,
                     Environment &env) {
  auto usage = [&](std::string message) {
    return report(env, {kExitUsageError, std::move(message)}, command.c_str());
  };
  std::string modelDir, textFile, idList;
  std::vector<SourcedText> texts;
  bool pair = false, haveIds = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i], value;
    bool hasValue = false;
    if (flag == "-h" || flag == "--help") {
      env.out << kTokenizeUsage;
      return kExitSuccess;
    }
    if (flag.compare(0, 2, "--") == 0) {
      if (size_t equals = flag.find('='); equals != std::string::npos) {
        value = flag.substr(equals + 1);
        flag = flag.substr(0, equals);
        hasValue = true;
      }
      const bool takesValue = flag == "--text" || flag == "--text-file" || flag == "--ids";
      if (!takesValue && flag != "--pair")
        return usage("unknown option '" + flag + "'");
      if (takesValue && !hasValue) {
        if (i + 1 >= args.size())
          return usage(flag + " needs a value");
        value = args[++i];
      }
      if (!takesValue && hasValue)
        return usage(flag + " takes no value");
      if (command == "detokenize" && flag != "--ids")
        return usage("unknown option '" + flag + "' (detokenize takes --ids)");
      if (command == "tokenize" && flag == "--ids")
        return usage("unknown option '--ids' (tokenize takes --text or --text-file)");
      if (flag == "--text")
        texts.push_back({value, "--text " + std::to_string(texts.size() + 1)});
      else if (flag == "--text-file") {
        if (!textFile.empty())
          return usage("--text-file given more than once");
        if (value.empty())
          return usage("--text-file needs a non-empty value");
        textFile = value;
      } else if (flag == "--ids") {
        if (haveIds)
          return usage("--ids given more than once");
        haveIds = true;
        idList = value;
      } else
        pair = true;
    } else if (flag.size() > 1 && flag[0] == '-') {
      return usage("unknown option '" + flag + "'");
    } else if (!modelDir.empty()) {
      return usage("more than one MODEL_DIR ('" + modelDir + "' and '" + flag + "')");
    } else {
      modelDir = flag;
    }
  }
  if (modelDir.empty())
    return usage("no MODEL_DIR given");
  std::vector<int64_t> ids;
  if (command == "detokenize") {
    if (!haveIds)
      return usage("no --ids given (e.g. --ids 101,7592,102)");
    for (llvm::StringRef rest = idList; !rest.empty();) {
      auto [item, after] = rest.split(',');
      long long id = 0;
      if (item.trim().getAsInteger(10, id))
        return usage("--ids takes comma-separated integers, got '" + item.str() + "'");
      ids.push_back(id);
      rest = after;
    }
    if (ids.empty())
      return usage("--ids takes comma-separated integers, got ''");
  } else if (texts.empty() && textFile.empty()) {
    return usage("no text given: pass --text TEXT or --text-file FILE");
  }

  std::string error;
  if (!textFile.empty() && !readTextFile(textFile, texts, error))
    return report(env, {kExitDataError, error}, command.c_str());
  if (pair && texts.size() % 2 != 0)
    return usage("--pair encodes texts two by two, got " + std::to_string(texts.size()));
  if (!llvm::sys::fs::is_directory(modelDir))
    return report(env, {kExitDataError, "model directory '" + modelDir + "' does not exist"},
                  command.c_str());
  std::unique_ptr<text::Tokenizer> tokenizer = text::Tokenizer::load(modelDir, error);
  if (!tokenizer)
    return report(env, {kExitDataError, error}, command.c_str());

  if (command == "detokenize") {
    std::string decoded;
    if (!tokenizer->decode(ids, decoded, error))
      return report(env, {kExitDataError, "--ids: " + error}, command.c_str());
    env.out << decoded << "\n";
    env.out.flush();
    return kExitSuccess;
  }
  std::vector<text::Encoding> encodings;
  for (size_t i = 0; i < texts.size(); i += pair ? 2 : 1) {
    text::Encoding encoding;
    bool encoded = pair ? tokenizer->encodePair(texts[i].text, texts[i + 1].text, encoding, error)
                        : tokenizer->encode(texts[i].text, encoding, error);
    if (!encoded)
      return report(env,
                    {kExitDataError, texts[i].origin + (pair ? " and " + texts[i + 1].origin
                                                             : std::string()) +
                                         ": " + error},
                    command.c_str());
    encodings.push_back(std::move(encoding));
  }
  // One line: arrays of ids are long.
  llvm::json::OStream json(env.out);
  json.object([&] {
    json.attribute("tokenizer", tokenizer->kind());
    json.attributeArray("results", [&] {
      for (size_t row = 0; row < encodings.size(); ++row) {
        const size_t first = pair ? 2 * row : row;
        json.object([&] {
          json.attribute("text", llvm::json::fixUTF8(texts[first].text));
          if (pair)
            json.attribute("text_pair", llvm::json::fixUTF8(texts[first + 1].text));
          auto array = [&](const char *name, const std::vector<int64_t> &values) {
            json.attributeArray(name, [&] {
              for (int64_t value : values)
                json.value(value);
            });
          };
          array("ids", encodings[row].ids);
          array("attention_mask", encodings[row].attentionMask);
          if (!encodings[row].typeIds.empty())
            array("token_type_ids", encodings[row].typeIds);
        });
      }
    });
  });
  env.out << "\n";
  env.out.flush();
  return kExitSuccess;
}

} // namespace

int tfmMain(const std::vector<std::string> &args, Environment &env) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    (args.empty() ? env.err : env.out)
        << "usage: tfm COMMAND ...\n\ncommands:\n"
           "  run MODEL_DIR ...          run a Hugging Face model folder's job (tfm run --help)\n"
           "  tokenize MODEL_DIR ...     text to token ids, as JSON (tfm tokenize --help)\n"
           "  detokenize MODEL_DIR ...   token ids to text\n";
    return args.empty() ? kExitUsageError : kExitSuccess;
  }
  if (args[0] == "--version") {
    env.out << "tfm " TFM_VERSION "\n";
    return kExitSuccess;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "tokenize" || args[0] == "detokenize")
    return tokenizerCommand(args[0], rest, env);
  if (args[0] != "run")
    return report(env, {kExitUsageError, "unknown command '" + args[0] +
                                             "'; available: run, tokenize, detokenize"});
  RunOptions options;
  std::string error;
  if (!parseRunOptions(rest, options, error))
    return report(env, {kExitUsageError, error});
  if (options.help) {
    env.out << kUsage;
    return kExitSuccess;
  }
  return runModel(options, env);
}

} // namespace tfm::run
