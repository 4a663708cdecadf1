#include "DemoAiProvider.h"

#include "DemoData.h"

#include <QTimer>

DemoAiProvider::DemoAiProvider(int delayMs, QObject* parent)
    : AiProvider(parent)
    , m_delayMs(delayMs)
{}

QString DemoAiProvider::displayName() const
{
    return tr("Demo texts (offline, not an AI)");
}

void DemoAiProvider::generate(const Request& request, Callback done)
{
    const quint64 generation = m_generation;
    // A different day's wording each call, so a regeneration visibly changes the text.
    const QDate seed = request.date.addYears(1 + (++m_calls % 7));
    const QString text = DemoData::horoscopeText(request.sign, seed);
    QTimer::singleShot(m_delayMs, this, [this, generation, text, done] {
        if (generation != m_generation)
            return;
        Result r;
        r.ok = true;
        r.text = text;
        done(r);
    });
}

void DemoAiProvider::cancel()
{
    ++m_generation;
}
