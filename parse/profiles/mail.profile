# Mail list archives: MHonArc message pages, Mailman 2 pipermail
# message pages, and Mailman 3 HyperKitty message and thread pages.
# Keys and format: see netno(1), section PROFILES.
name: mhonarc
kind: mail_message
hint: X-Body-of-Message
match: //comment()[contains(.,'X-Body-of-Message')]
post: //body
author: normalize-space(substring-before(concat(substring-after(.//li[em='From'],':'),' <'),' <'))
date: normalize-space(substring-after(.//li[em='Date'],':'))
text: (.//comment()[contains(.,'X-Body-of-Message') and not(contains(.,'End'))]/following-sibling::*)[1]
quote: .//blockquote

name: pipermail
kind: mail_message
hint: beginarticle
match: //comment()[contains(.,'beginarticle')]
post: //body
author: ./b[1]
date: ./i[1]
text: (.//comment()[contains(.,'beginarticle')]/following-sibling::pre)[1]

name: hyperkitty
kind: mail_message
hint: email-body
match: //div[contains(concat(' ',normalize-space(@class),' '),' email ')][div[contains(@class,'email-body')]]
post: //div[contains(concat(' ',normalize-space(@class),' '),' email ')][div[contains(@class,'email-body')]]
author: .//*[contains(@class,'email-author')]//*[contains(@class,'name')]
author_url: .//*[contains(@class,'email-author')]//a/@href
date: .//*[contains(@class,'email-date')]//*[contains(@class,'date')]
text: ./div[contains(@class,'email-body')]
permalink: .//a[contains(@class,'messagelink')]/@href
native_id: ./div[contains(@class,'email-header')]/@id
quote: .//blockquote
