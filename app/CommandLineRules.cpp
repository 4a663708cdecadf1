// CommandLine: which option belongs to which command, and which words are Qt's own options.
#include "CommandLine.h"

#include <cstring>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr unsigned kMigrate = CommandLine::MigrateStatus | CommandLine::MigrateHistory |
                              CommandLine::MigrateUp | CommandLine::MigrateDown;
constexpr unsigned kList = CommandLine::HoroscopesList;
constexpr unsigned kHistory = CommandLine::HistoryList;
constexpr unsigned kReplace = CommandLine::HoroscopesReplace;
constexpr unsigned kCommands = kMigrate | CommandLine::ViewsExport | CommandLine::ViewsChart |
                               CommandLine::ViewsSummary | CommandLine::ViewsReport |
                               CommandLine::Regenerate | kList | kHistory |
                               CommandLine::HistoryRestore | kReplace;
constexpr unsigned kViews =
    CommandLine::ViewsExport | CommandLine::ViewsChart | CommandLine::ViewsReport;
constexpr unsigned kEverywhere = kCommands | CommandLine::Window;

// Which option applies to which command. The single source for parsing, for the check that an
// option belongs to its command, and for wantsCommand() (which runs before Qt is set up).
struct Rule
{
    const char* name;
    bool takesValue;
    unsigned commands;
};

constexpr Rule kRules[] = {
    {"demo", false, kEverywhere},
    {"database-url", true, kEverywhere},
    {"database-url-file", true, kEverywhere},
    {"lang", true, kEverywhere},
    {"profile", true, CommandLine::Window},
    {"migrations-dir", true, CommandLine::Window | kMigrate},
    {"statement-timeout", true, kCommands},
    {"lock-timeout", true, kCommands},
    {"to", true, CommandLine::MigrateUp | CommandLine::MigrateDown | kViews | kList | kReplace},
    {"dry-run", false, CommandLine::MigrateUp | CommandLine::MigrateDown | kReplace},
    {"lock-wait", true, CommandLine::MigrateUp | CommandLine::MigrateDown},
    {"accept-data-loss", false, CommandLine::MigrateDown},
    {"create-bot-tables", false, CommandLine::MigrateUp},
    {"from", true, kViews | kList | kReplace},
    {"bucket", true, kViews},
    {"missing", true, kViews},
    {"format", true,
     CommandLine::ViewsExport | CommandLine::ViewsSummary | kList | kHistory | kReplace},
    {"compare", true, kViews},
    {"days", true, CommandLine::ViewsSummary},
    {"signs", true, CommandLine::ViewsChart},
    {"kind", true, CommandLine::ViewsChart | kHistory},
    {"out", true, CommandLine::ViewsChart | CommandLine::ViewsReport},
    {"size", true, CommandLine::ViewsChart},
    {"sign", true, CommandLine::Regenerate | kList | kHistory | kReplace},
    {"search", true, kList | kReplace},
    {"replace", true, kReplace},
    {"whole-word", false, kReplace},
    {"case-sensitive", false, kReplace},
    {"sort", true, kList},
    {"asc", false, kList},
    {"desc", false, kList},
    {"limit", true, kList | kHistory},
    {"since", true, kHistory},
    {"until", true, kHistory},
    {"person", true, kHistory | CommandLine::HistoryRestore},
    {"id", true, CommandLine::HistoryRestore},
    {"date", true, CommandLine::Regenerate},
    {"provider", true, CommandLine::Regenerate},
    {"ai-base-url", true, CommandLine::Regenerate},
    {"ai-model", true, CommandLine::Regenerate},
    {"yes", false, CommandLine::Regenerate | CommandLine::HistoryRestore | kReplace},
};

// Options QGuiApplication takes for itself (with one or two dashes) and removes before
// QCommandLineParser sees the arguments.
constexpr const char* kQtOptionsWithValue[] = {"platform",        "platformpluginpath",
                                               "platformtheme",   "plugin",
                                               "qwindowgeometry", "qwindowtitle",
                                               "qwindowicon",     "style",
                                               "stylesheet",      "session",
                                               "display",         "geometry"};
constexpr const char* kQtFlags[] = {"reverse", "widgetcount", "nograb", "dograb", "sync"};

const Rule* ruleFor(const char* name, std::size_t length)
{
    for (const Rule& rule : kRules) {
        if (std::strlen(rule.name) == length && std::strncmp(rule.name, name, length) == 0)
            return &rule;
    }
    return nullptr;
}

template <std::size_t N>
bool isOneOf(const char* const (&names)[N], const char* name, std::size_t length)
{
    for (const char* candidate : names) {
        if (std::strlen(candidate) == length && std::strncmp(candidate, name, length) == 0)
            return true;
    }
    return false;
}

// "--name=value", "--name" or "-name": the name, and whether the value is in the same word.
struct OptionWord
{
    const char* name;
    std::size_t length;
    bool hasValue;
};

OptionWord optionWord(const char* arg)
{
    const char* name = arg + (arg[1] == '-' ? 2 : 1);
    const char* equals = std::strchr(name, '=');
    return {name, equals ? std::size_t(equals - name) : std::strlen(name), equals != nullptr};
}

// Qt's own options (-platform offscreen, -reverse…), which QApplication takes out of argv.
enum class QtOption { None, Flag, WithValue };

QtOption qtOption(const OptionWord& word)
{
    if (isOneOf(kQtOptionsWithValue, word.name, word.length))
        return QtOption::WithValue;
    return isOneOf(kQtFlags, word.name, word.length) ? QtOption::Flag : QtOption::None;
}

QString commandName(CommandLine::Command command)
{
    switch (command) {
    case CommandLine::Window:
        return CommandLine::tr("the window (no command)");
    case CommandLine::MigrateStatus:
        return u"migrate status"_s;
    case CommandLine::MigrateHistory:
        return u"migrate history"_s;
    case CommandLine::MigrateUp:
        return u"migrate up"_s;
    case CommandLine::MigrateDown:
        return u"migrate down"_s;
    case CommandLine::ViewsExport:
        return u"views export"_s;
    case CommandLine::ViewsChart:
        return u"views chart"_s;
    case CommandLine::ViewsSummary:
        return u"views summary"_s;
    case CommandLine::ViewsReport:
        return u"views report"_s;
    case CommandLine::Regenerate:
        return u"regenerate"_s;
    case CommandLine::HoroscopesList:
        return u"horoscopes list"_s;
    case CommandLine::HistoryList:
        return u"history list"_s;
    case CommandLine::HistoryRestore:
        return u"history restore"_s;
    case CommandLine::HoroscopesReplace:
        return u"horoscopes replace"_s;
    }
    return {};
}

QStringList commandsOf(unsigned mask)
{
    QStringList names;
    for (unsigned bit = 1; bit <= CommandLine::HoroscopesReplace; bit <<= 1) {
        if (mask & bit)
            names << commandName(static_cast<CommandLine::Command>(bit));
    }
    return names;
}

} // namespace

bool CommandLine::wantsCommand(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        if (arg[0] != '-' || std::strcmp(arg, "-") == 0 || std::strcmp(arg, "--") == 0)
            return true; // a command word (or something the parser will refuse)
        const OptionWord word = optionWord(arg);
        if (const QtOption qt = qtOption(word); qt != QtOption::None) {
            if (qt == QtOption::WithValue && !word.hasValue)
                ++i;
            continue;
        }
        const Rule* rule = ruleFor(word.name, word.length);
        if (!rule || !(rule->commands & Window))
            return true; // --help, --version, or a usage error to print without a display
        if (rule->takesValue && !word.hasValue)
            ++i;
    }
    return false;
}

bool CommandLine::wantsWidgets(int argc, char** argv)
{
    // The command words, skipping the values of options: "views chart" draws with widgets.
    QStringList words;
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        if (arg[0] != '-' || std::strcmp(arg, "-") == 0) {
            words << QString::fromLocal8Bit(arg);
            continue;
        }
        if (std::strcmp(arg, "--") == 0)
            break;
        const OptionWord word = optionWord(arg);
        const QtOption qt = qtOption(word);
        const Rule* rule = ruleFor(word.name, word.length);
        if (((qt == QtOption::WithValue) || (rule && rule->takesValue)) && !word.hasValue)
            ++i;
    }
    return words.size() >= 2 && words.at(0) == u"views" &&
           (words.at(1) == u"chart" || words.at(1) == u"report");
}

// A GUI application has taken its own options (-platform offscreen) out already; a command
// runs without one, so they are dropped here.
QStringList CommandLine::withoutQtOptions(const QStringList& given)
{
    QStringList arguments;
    for (qsizetype i = 0; i < given.size(); ++i) {
        const QByteArray arg = given.at(i).toLocal8Bit();
        if (i > 0 && arg.startsWith('-') && arg != "-" && arg != "--") {
            const OptionWord word = optionWord(arg.constData());
            if (const QtOption qt = qtOption(word); qt != QtOption::None) {
                if (qt == QtOption::WithValue && !word.hasValue)
                    ++i;
                continue;
            }
        }
        arguments << given.at(i);
    }
    return arguments;
}

// Each option at most once, and only for the commands it belongs to.
QString CommandLine::checkOptions() const
{
    for (const Rule& rule : kRules) {
        const QString name = QString::fromLatin1(rule.name);
        if (!m_parser.isSet(name))
            continue;
        if (m_parser.values(name).size() > 1 ||
            (!rule.takesValue && m_parser.optionNames().count(name) > 1))
            return tr("The option --%1 is given more than once; give it once.").arg(name);
        if (!(rule.commands & m_command))
            return tr("The option --%1 does not apply to %2; it is for %3.")
                .arg(name, commandName(m_command), commandsOf(rule.commands).join(u", "_s));
    }
    if (m_parser.isSet(u"demo"_s) && m_parser.isSet(u"database-url"_s))
        return tr("Use either --demo or --database-url, not both.");
    if ((m_parser.isSet(u"demo"_s) || m_parser.isSet(u"database-url"_s)) &&
        m_parser.isSet(u"database-url-file"_s))
        return tr("Use only one of --demo, --database-url and --database-url-file.");
    return {};
}
