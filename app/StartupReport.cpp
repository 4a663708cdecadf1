#include "StartupReport.h"

#include "HoroscopeBrowser.h"
#include "HoroscopeEditor.h"
#include "HoroscopeTableModel.h"
#include "MainWindow.h"
#include "SpellCheck.h"

#include <QElapsedTimer>
#include <QEvent>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTimer>
#include <cstdio>
#include <functional>

namespace {

QElapsedTimer& sinceMain()
{
    static QElapsedTimer timer;
    return timer;
}

bool enabled()
{
    return !qEnvironmentVariableIsEmpty("HA_REPORT_STARTUP");
}

void report(const char* milestone)
{
    std::fprintf(stderr, "startup %s %lld\n", milestone,
                 static_cast<long long>(sinceMain().elapsed()));
    std::fflush(stderr);
}

// Reports `milestone` once, after the first paint of `widget` for which `ready` holds (after
// that paint has reached the screen: the flush follows the paint events of one update).
class FirstPaint final : public QObject
{
public:
    FirstPaint(QWidget* widget, const char* milestone, std::function<bool()> ready)
        : QObject(widget)
        , m_milestone(milestone)
        , m_ready(std::move(ready))
    {
        widget->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && m_ready()) {
            watched->removeEventFilter(this);
            QTimer::singleShot(0, this, [this] {
                report(m_milestone);
                deleteLater();
            });
        }
        return false;
    }

private:
    const char* m_milestone;
    std::function<bool()> m_ready;
};

} // namespace

void StartupReport::begin()
{
    sinceMain().start();
}

void StartupReport::watch(MainWindow* window)
{
    if (!enabled())
        return;
    new FirstPaint(window, "window-painted", [] { return true; });
    QTableView* table = window->browser()->table();
    new FirstPaint(table->viewport(), "rows-painted",
                   [table] { return table->model()->rowCount() > 0; });
    HoroscopeEditor* editor = window->browser()->editor();
    QObject::connect(
        editor, &HoroscopeEditor::recordChanged, window, [] { report("horoscope-opened"); },
        Qt::SingleShotConnection);
    if (auto* spelling = editor->textEdit()->findChild<SpellCheck*>())
        QObject::connect(
            spelling, &SpellCheck::ready, window, [] { report("spelling-ready"); },
            Qt::SingleShotConnection);
}
