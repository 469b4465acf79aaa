//===- Vocabulary.cpp - token <-> id tables both tokenizers share --------===//

#include "Tokenizers.h"

#include <algorithm>

namespace tfm::text::detail {

bool Vocabulary::build(const std::vector<std::pair<std::string, int64_t>> &entries,
                       const std::vector<AddedToken> &added, const std::string &file,
                       std::string &error) {
  // Ids index a table: refuse ones no real vocabulary has before allocating it.
  constexpr int64_t kMaxId = int64_t(1) << 24;
  int64_t maxId = -1;
  for (const auto &[token, id] : entries)
    maxId = std::max(maxId, id);
  for (const AddedToken &t : added)
    maxId = std::max(maxId, t.id);
  auto checkRange = [&](const std::string &token, int64_t id) {
    if (id >= 0 && id < kMaxId)
      return true;
    error = file + ": id " + std::to_string(id) + " of \"" + token + "\" is out of range";
    return false;
  };
  for (const auto &[token, id] : entries)
    if (!checkRange(token, id))
      return false;
  for (const AddedToken &t : added)
    if (!checkRange(t.content, t.id))
      return false;
  idToToken.assign(maxId + 1, std::string());
  hasId.assign(maxId + 1, false);
  // In file order, so that messages about clashes are the same every time.
  for (const auto &[token, id] : entries) {
    if (!tokenToId.emplace(token, id).second) {
      error = file + ": \"" + token + "\" appears twice";
      return false;
    }
    if (hasId[id]) {
      error = file + ": id " + std::to_string(id) + " is given to both \"" + idToToken[id] +
              "\" and \"" + token + "\"";
      return false;
    }
    idToToken[id] = token;
    hasId[id] = true;
  }
  for (const AddedToken &t : added) {
    auto [it, inserted] = tokenToId.emplace(t.content, t.id);
    if (!inserted && it->second != t.id) {
      error = file + ": added token \"" + t.content + "\" has id " + std::to_string(t.id) +
              " but the vocabulary gives it " + std::to_string(it->second);
      return false;
    }
    if (inserted && hasId[t.id]) {
      error = file + ": id " + std::to_string(t.id) + " is given to both \"" + idToToken[t.id] +
              "\" and the added token \"" + t.content + "\"";
      return false;
    }
    idToToken[t.id] = t.content;
    hasId[t.id] = true;
  }
  return true;
}

} // namespace tfm::text::detail
