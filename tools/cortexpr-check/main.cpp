// cortexpr-check: checks model code strings outside a C++ build, with the same compiler
// and the same messages as the compile-time path (a model struct that fails to compile
// shows the very same `Model.field:line:col: what 'name'` text).
//
//   cortexpr-check [--quiet] FILE.json [FILE.json...]      (`-` reads standard input)
//
// Each file holds one model description (a JSON object) or a list of them; the format is
// in tools/cortexpr-check/json_model.hpp and docs/cortexpr-check.md.
// Exit status: 0 all models valid, 1 some code is invalid, 2 usage or JSON problems.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "check_model.hpp"
#include "json_model.hpp"

namespace {

constexpr std::string_view usage =
    "usage: cortexpr-check [--quiet] FILE.json [FILE.json...]\n"
    "Checks the code strings of cortexpr/GeNN model descriptions. FILE may be `-` for\n"
    "standard input. Each file holds one model object or a list of them:\n"
    "  {\"family\": \"neuron\", \"name\": \"LIF\", \"params\": [\"C\", \"TauM\"],\n"
    "   \"derived_params\": [{\"name\": \"ExpTC\", \"expression\": \"exp(-dt / TauM)\"}],\n"
    "   \"vars\": [{\"name\": \"V\", \"type\": \"scalar\", \"access\": \"read_write\"}],\n"
    "   \"sim_code\": \"V += ...;\", \"threshold_condition_code\": \"V >= 30\", \"reset_code\": \"...\"}\n"
    "Families: neuron, postsynaptic, weight_update, current_source, var_init, sparse_init,\n"
    "toeplitz_init, custom_update, custom_connectivity_update.\n"
    "Errors go to standard error, one per line: `FILE: Model.field:line:col: what 'name'`.\n"
    "Options:\n"
    "  -q, --quiet  print nothing for valid models\n"
    "  -h, --help   show this help\n"
    "Exit status: 0 all valid, 1 invalid code, 2 usage or JSON errors.\n";

struct status {
    bool code_error = false;
    bool input_error = false;
    int exit_code() const { return input_error ? 2 : code_error ? 1 : 0; }
};

/// "[json.exception.parse_error.101] parse error at line 1, column 2: ..." -> "parse error at ..."
std::string json_message(const std::exception& e) {
    std::string s = e.what();
    if (s.rfind("[json.exception.", 0) == 0)
        if (auto close = s.find("] "); close != std::string::npos) s.erase(0, close + 2);
    return s;
}

void check_one(const std::string& file, const cortexpr::check::json& j, std::size_t index, bool in_list,
               bool quiet, status& st) {
    cortexpr::check::json_model m;
    cortexpr::check::read_model(j, m);
    // Who the model is in messages: its name, else its place in the list.
    std::string who = m.name;
    if (!(j.is_object() && j.contains("name") && j["name"].is_string()))
        who = in_list ? "model #" + std::to_string(index + 1) : "model";
    if (!m.problems.empty()) {
        for (const std::string& p : m.problems) std::cerr << file << ": " << who << ": " << p << '\n';
        st.input_error = true;
        return;
    }
    const cortexpr::check::check_result r = cortexpr::check::check_model(m.info(), m.derived_has_expression);
    for (const std::string& e : r.errors) std::cerr << file << ": " << e << '\n';
    if (!r.errors.empty()) st.code_error = true;
    else if (!quiet)
        std::cout << file << ": " << who << " (" << cortexpr::name_of(m.fam) << "): ok, " << r.units
                  << (r.units == 1 ? " unit" : " units") << " checked\n";
}

void check_file(const std::string& path, bool quiet, status& st) {
    const std::string file = path == "-" ? "<stdin>" : path;
    std::string text;
    if (path == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::cerr << file << ": cannot open file\n";
            st.input_error = true;
            return;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    cortexpr::check::json j;
    try {
        j = cortexpr::check::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        std::cerr << file << ": invalid JSON: " << json_message(e) << '\n';
        st.input_error = true;
        return;
    }
    if (j.is_array()) {
        if (j.empty() && !quiet) std::cout << file << ": no models\n";
        for (std::size_t i = 0; i < j.size(); ++i) check_one(file, j[i], i, true, quiet, st);
    } else {
        check_one(file, j, 0, false, quiet, st);
    }
}

}  // namespace

int main(int argc, char** argv) {
    bool quiet = false, options = true;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (options && (a == "-h" || a == "--help")) { std::cout << usage; return 0; }
        if (options && (a == "-q" || a == "--quiet")) { quiet = true; continue; }
        if (options && a == "--") { options = false; continue; }
        if (options && a.size() > 1 && a[0] == '-') {
            std::cerr << "cortexpr-check: unknown option '" << a << "' (try --help)\n";
            return 2;
        }
        files.emplace_back(a);
    }
    if (files.empty()) {
        std::cerr << "cortexpr-check: no input files (try --help)\n";
        return 2;
    }
    status st;
    for (const std::string& f : files) check_file(f, quiet, st);
    return st.exit_code();
}
