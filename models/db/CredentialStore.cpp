#include "CredentialStore.h"

#include <qt6keychain/keychain.h>

namespace {

CredentialStore::Result resultOf(const QKeychain::Job& job)
{
    CredentialStore::Result r;
    r.ok = job.error() == QKeychain::NoError;
    r.keychainAvailable =
        job.error() != QKeychain::NoBackendAvailable && job.error() != QKeychain::NotImplemented;
    if (!r.ok) {
        if (!r.keychainAvailable)
            r.error = CredentialStore::tr("No system keychain is available, so the password "
                                          "is not saved; you will be asked for it on each "
                                          "connect. Install and unlock GNOME Keyring or "
                                          "KWallet, or use ~/.pgpass.");
        else if (job.error() == QKeychain::EntryNotFound)
            r.error = CredentialStore::tr("No password is saved for this profile.");
        else
            r.error = CredentialStore::tr("The system keychain refused: %1").arg(job.errorString());
    }
    return r;
}

template <typename JobType>
void startJob(JobType* job, QObject* context, CredentialStore::Callback done,
              std::function<void(JobType*, CredentialStore::Result*)> extract = {})
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [job, done = std::move(done), extract = std::move(extract)] {
                         CredentialStore::Result r = resultOf(*job);
                         if (extract && r.ok)
                             extract(job, &r);
                         done(r);
                     });
    job->start();
}

} // namespace

CredentialStore::CredentialStore(QString service, QObject* parent)
    : QObject(parent)
    , m_service(std::move(service))
{}

void CredentialStore::read(const QString& profile, Callback done)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(profile);
    startJob<QKeychain::ReadPasswordJob>(
        job, this, std::move(done),
        [](QKeychain::ReadPasswordJob* j, Result* r) { r->password = j->textData(); });
}

void CredentialStore::write(const QString& profile, const QString& password, Callback done)
{
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(profile);
    job->setTextData(password);
    startJob<QKeychain::WritePasswordJob>(job, this, std::move(done));
}

void CredentialStore::remove(const QString& profile, Callback done)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(profile);
    startJob<QKeychain::DeletePasswordJob>(job, this, std::move(done));
}
