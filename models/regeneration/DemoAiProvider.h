#pragma once

#include "AiProvider.h"

// The offline provider for the demo database: texts built from the demo phrase banks, varied
// on each call, after a short pause, so the whole regenerate flow can be shown with no network
// and no key. Labelled as such wherever a provider is named.
class DemoAiProvider final : public AiProvider
{
    Q_OBJECT
public:
    explicit DemoAiProvider(int delayMs = 150, QObject* parent = nullptr);

    QString name() const override { return QStringLiteral("demo"); }
    QString displayName() const override;
    bool isOffline() const override { return true; }
    void generate(const Request& request, Callback done) override;
    void cancel() override;

private:
    int m_delayMs;
    int m_calls = 0;
    quint64 m_generation = 0;
};
