//===- RunCommand.cpp - The `tfm` command line ----------------------------===//
//
// Mistakes are reported before the slow steps: the command line first, then
// the model folder and whether the job takes the inputs given, then the
// output directory, and only then the compile (or cache lookup), the load
// and the run. Nothing is printed to stdout until the answer is complete.
//
//===----------------------------------------------------------------------===//

#include "tfm/Run/RunCommand.h"

#include "tfm/Run/CompileCache.h"
#include "tfm/Run/ModelFolder.h"
#include "tfm/Run/Predictions.h"
#include "tfm/Tools/ModelFiles.h"
#include "tfm/tfm.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <chrono>
#include <memory>

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
    "  BertModel                      no head: its outputs, with --output-dir\n"
    "\n"
    "inputs:\n"
    "  --input NAME=FILE.npy   a model input as a .npy array (repeatable; e.g.\n"
    "                          input_ids=ids.npy, pixel_values=pixels.npy)\n"
    "  --prompt TEXT           GPT-2's prompt (needs the tokenizer library)\n"
    "  --text TEXT             a text to classify or fill (repeatable; needs the tokenizer\n"
    "                          library)\n"
    "  --text-file FILE        texts, one per line (needs the tokenizer library)\n"
    "  --image FILE            a PNG or JPEG image (repeatable; needs the image library)\n"
    "options:\n"
    "  --top-k K               answers per prediction (default 5)\n"
    "  --json                  print one JSON document\n"
    "  --output-dir DIR        also write every output to DIR/NAME.npy\n"
    "  --threads N             OpenMP threads (default: the CPUs this process may use)\n"
    "  --backend B             dnnl (default) or llvm\n"
    "  --precision P           f32 (default), bf16 or int8\n"
    "  --target-cpu CPU        as tfm-compile --target-cpu (default native)\n"
    "  --cache-dir DIR         compiled models (default $XDG_CACHE_HOME/tfm or ~/.cache/tfm)\n"
    "  --verbose               say whether the cache had the model\n";

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

/// Inputs of one kind only: files (--input), text, images.
bool checkInputKinds(const RunOptions &options, std::string &error) {
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
int report(Environment &env, const Failure &failure) {
  env.out.flush();
  env.err << "tfm: error: " << failure.message << "\n";
  if (failure.exitCode == kExitUsageError)
    env.err << "Try 'tfm run --help' for usage.\n";
  env.err.flush();
  return failure.exitCode;
}

//===----------------------------------------------------------------------===//
// The model through the C API
//===----------------------------------------------------------------------===//

/// Takes the message of a C API error (and frees it); "" for success.
std::string takeMessage(tfm_status status) {
  if (!status)
    return "";
  std::string message = tfm_status_message(status);
  tfm_status_free(status);
  return message;
}

struct ModelCloser {
  void operator()(tfm_model_handle *model) const { tfm_model_close(model); }
};
struct ContextDestroyer {
  void operator()(tfm_context *ctx) const { tfm_context_destroy(ctx); }
};

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

/// Which file gives each model input ("" for one not given); a usage error
/// for an unknown or missing input.
bool matchInputFiles(tfm_model_handle *model, const std::vector<InputFileArg> &args,
                     std::vector<std::string> &pathOfInput, std::string &error) {
  const int count = tfm_model_num_inputs(model);
  pathOfInput.assign(static_cast<size_t>(count), "");
  for (const InputFileArg &arg : args) {
    int index = -1;
    std::string message = takeMessage(tfm_model_find_input(model, arg.name.c_str(), &index));
    if (!message.empty()) {
      error = "--input " + arg.name + "=" + arg.path + ": " + message;
      return false;
    }
    pathOfInput[static_cast<size_t>(index)] = arg.path;
  }
  for (int i = 0; i < count; ++i) {
    const tfm_io_info *info = tfm_model_input(model, i);
    if (pathOfInput[static_cast<size_t>(i)].empty() && !info->default_fill) {
      error = "missing required input '" + std::string(info->name) + "' (pass --input " +
              info->name + "=FILE.npy)";
      return false;
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

/// What the answers are about, for printing them.
struct Report {
  const ModelFolder *folder = nullptr;
  Task task = Task::Features;
  /// Where row b of the batch came from (a file, a text).
  std::string source;
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

std::string describeAnswer(const Report &report, const Answer &answer) {
  std::string text = "row " + std::to_string(answer.row);
  if (report.task == Task::NextToken)
    text += ", after token " + std::to_string(answer.position);
  else if (report.task == Task::FillMask)
    text += ", [MASK] at token " + std::to_string(answer.position);
  return text + " of " + report.source;
}

void printText(llvm::raw_ostream &os, const Report &report) {
  for (const Answer &answer : report.answers) {
    os << describeAnswer(report, answer) << ":\n";
    for (const Prediction &prediction : answer.predictions) {
      os << "  " << llvm::format("%.6f", prediction.probability) << "  ";
      std::string label = labelOf(report, prediction.id);
      if (!label.empty())
        os << label << " (id " << prediction.id << ")\n";
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
    json.attribute("source", report.source);
    json.attributeArray("results", [&] {
      for (const Answer &answer : report.answers) {
        json.object([&] {
          json.attribute("row", answer.row);
          if (answer.position >= 0)
            json.attribute("position", answer.position);
          json.attributeArray("predictions", [&] {
            for (const Prediction &prediction : answer.predictions) {
              json.object([&] {
                json.attribute("id", prediction.id);
                std::string label = labelOf(report, prediction.id);
                if (!label.empty())
                  json.attribute("label", label);
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
    error = "--image is for image classification (ViTForImageClassification); " + model +
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

/// The run after the folder and options are checked.
int runChecked(const RunOptions &options, const ModelFolder &folder, Task task,
               const CompileSettings &settings, const std::string &cacheDir, Environment &env) {
  auto dataError = [&](std::string message) {
    return report(env, {kExitDataError, std::move(message)});
  };
  Progress progress(env);
  CachedModel cached;
  std::string error;
  auto start = std::chrono::steady_clock::now();
  if (!getOrCompile(folder, settings, cacheDir, progress, cached, error))
    return dataError(error);
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
  std::string message = takeMessage(tfm_model_open(cached.libraryPath.c_str(), &opened));
  std::unique_ptr<tfm_model_handle, ModelCloser> model(opened);
  if (!message.empty())
    return dataError(message + (cached.hit ? " (a damaged cache entry: remove it and run "
                                             "again)"
                                           : ""));

  // The inputs. Text and images need libraries this build does not have yet:
  // say so rather than guess.
  if (options.inputs.empty())
    return dataError(std::string(options.images.empty() ? "text input (--prompt, --text, "
                                                          "--text-file) needs the tokenizer "
                                                          "library"
                                                        : "--image needs the image library") +
                     ", which this build of tfm does not have yet; pass the model's tensors "
                     "with --input NAME=FILE.npy");
  if (task == Task::FillMask)
    return dataError("fill-mask finds [MASK] with the tokenizer library, which this build of "
                     "tfm does not have yet; pass --output-dir DIR for the raw logits");
  std::vector<std::string> pathOfInput;
  if (!matchInputFiles(model.get(), options.inputs, pathOfInput, error))
    return report(env, {kExitUsageError, error});
  tools::InputFiles inputs;
  rt::Status status = tools::readInputFiles(model.get(), pathOfInput, inputs);
  if (!status.ok())
    return dataError(status.message());

  int logitsIndex = -1;
  if (task != Task::Features) {
    message = takeMessage(tfm_model_find_output(model.get(), "logits", &logitsIndex));
    if (!message.empty())
      return dataError(folder.configPath + ": the model compiled from it has no 'logits' for " +
                       taskName(task) + ": " + message);
  }

  progress("binding " + folder.weightsPath);
  tfm_context *created = nullptr;
  message = takeMessage(tfm_context_create(model.get(), &created));
  std::unique_ptr<tfm_context, ContextDestroyer> context(created);
  if (message.empty())
    message = takeMessage(tfm_context_set_threads(context.get(), options.threads));
  if (message.empty())
    message = takeMessage(tfm_context_bind_weights_file(context.get(), folder.weightsPath.c_str()));
  if (!message.empty())
    return dataError(message);

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
  std::vector<std::string> given;
  for (const InputFileArg &arg : options.inputs)
    given.push_back(arg.name + "=" + arg.path);
  result.source = llvm::join(given, ", ");
  bool answered = true;
  if (task == Task::NextToken)
    answered = predictNextTokens(outputs[static_cast<size_t>(logitsIndex)], {}, options.topK,
                                 result.answers, error);
  else if (task == Task::SequenceClassification || task == Task::ImageClassification)
    answered =
        classifyRows(outputs[static_cast<size_t>(logitsIndex)], options.topK, result.answers, error);
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
    status = tools::writeOutputFiles(model.get(), outputs, options.outputDir);
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

} // namespace

bool parseRunOptions(const std::vector<std::string> &args, RunOptions &options,
                     std::string &error) {
  options = RunOptions();
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
    } else if (flag == "--top-k") {
      if (!takeValue())
        return false;
      if (!parseCount(value, kMaxTopK, options.topK)) {
        error = "--top-k takes a whole number from 1 to " + std::to_string(kMaxTopK) +
                ", got '" + value + "'";
        return false;
      }
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
  if (!checkInputsFitTask(options, folder, task, error))
    return report(env, {kExitUsageError, error});
  if (!options.textFile.empty() && !llvm::sys::fs::is_regular_file(options.textFile))
    return report(env, {kExitDataError, options.textFile + ": " +
                                            (llvm::sys::fs::exists(options.textFile)
                                                 ? "not a regular file"
                                                 : "no such file")});
  for (const std::string &image : options.images)
    if (!llvm::sys::fs::is_regular_file(image))
      return report(env, {kExitDataError, image + ": " +
                                              (llvm::sys::fs::exists(image) ? "not a regular file"
                                                                            : "no such file")});
  if (!options.outputDir.empty()) {
    rt::Status writable = tools::checkOutputDir(options.outputDir);
    if (!writable.ok())
      return report(env, {kExitDataError, writable.message()});
  }
  if (options.cacheDir.empty() &&
      !defaultCacheDirectory(env.xdgCacheHome, env.home, options.cacheDir, error))
    return report(env, {kExitUsageError, error});
  if (options.threads == 0)
    options.threads = env.defaultThreads;

  CompileSettings settings;
  settings.backend = *mlir::tfm::parseBackend(options.backend);
  settings.precision = *mlir::tfm::parsePrecision(options.precision);
  settings.targetCpu = options.targetCpu;
  settings.toolDir = env.toolDir;
  return runChecked(options, folder, task, settings, options.cacheDir, env);
}

int tfmMain(const std::vector<std::string> &args, Environment &env) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    (args.empty() ? env.err : env.out)
        << "usage: tfm COMMAND ...\n\ncommands:\n"
           "  run MODEL_DIR ...   run a Hugging Face model folder's job (tfm run --help)\n";
    return args.empty() ? kExitUsageError : kExitSuccess;
  }
  if (args[0] == "--version") {
    env.out << "tfm " TFM_VERSION "\n";
    return kExitSuccess;
  }
  if (args[0] != "run")
    return report(env, {kExitUsageError, "unknown command '" + args[0] + "'; available: run"});
  RunOptions options;
  std::string error;
  if (!parseRunOptions(std::vector<std::string>(args.begin() + 1, args.end()), options, error))
    return report(env, {kExitUsageError, error});
  if (options.help) {
    env.out << kUsage;
    return kExitSuccess;
  }
  return runModel(options, env);
}

} // namespace tfm::run
