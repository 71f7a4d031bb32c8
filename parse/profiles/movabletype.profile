# Movable Type (default templates, 4 and later) and TypePad: the entry
# and its comments.
# Keys and format: see netno(1), section PROFILES.
name: movabletype
kind: blog_post
hint: Movable Type|entry-asset
match: //meta[@name='generator'][starts-with(@content,'Movable Type')] | //div[contains(concat(' ',normalize-space(@class),' '),' entry-asset ')][.//div[contains(@class,'asset-body')]]
post: //div[contains(concat(' ',normalize-space(@class),' '),' entry-asset ')] | //div[contains(concat(' ',normalize-space(@class),' '),' comment ')][starts-with(@id,'comment-')]
author: .//*[contains(@class,'byline')]//*[contains(@class,'vcard')]//*[contains(@class,'fn')] | .//*[contains(@class,'byline')]//*[contains(@class,'vcard')]
author_url: .//*[contains(@class,'byline')]//*[contains(@class,'vcard')]//a/@href
date: .//*[contains(@class,'byline')]//abbr[contains(@class,'published')] | .//*[contains(@class,'byline')]//abbr
text: self::*[contains(@class,'entry-asset')]//div[contains(@class,'asset-content')] | self::*[starts-with(@id,'comment-')]//div[contains(@class,'comment-content')]
permalink: .//*[contains(@class,'byline')]//a[abbr]/@href | .//a[@rel='bookmark']/@href
native_id: @id
quote: .//blockquote[ancestor::div[contains(@class,'comment-content')]]
next_page: //div[contains(@class,'pagination')]//a[@rel='next']/@href

name: typepad
kind: blog_post
hint: TypePad|typepad|entry-6a
match: //meta[@name='generator'][contains(@content,'TypePad') or contains(@content,'typepad')] | //div[contains(concat(' ',normalize-space(@class),' '),' entry ')][starts-with(@id,'entry-6a')]
post: //div[contains(concat(' ',normalize-space(@class),' '),' entry ')][starts-with(@id,'entry-')] | //div[contains(concat(' ',normalize-space(@class),' '),' comment ')][starts-with(@id,'comment-')]
author: self::*[starts-with(@id,'entry-')]//*[contains(@class,'entry-footer')]//*[contains(@class,'posted')]//a[not(contains(@href,'/category/'))] | self::*[starts-with(@id,'comment-')]//*[contains(@class,'comment-footer')]/a[1] | self::*[starts-with(@id,'comment-')]//*[contains(@class,'comment-footer')][not(a)]
author_url: (self::*[starts-with(@id,'entry-')]//*[contains(@class,'entry-footer')]//*[contains(@class,'posted')]//a[not(contains(@href,'/category/'))] | self::*[starts-with(@id,'comment-')]//*[contains(@class,'comment-footer')]/a[1])/@href
date: self::*[starts-with(@id,'entry-')]//abbr[contains(@class,'published')] | self::*[starts-with(@id,'entry-')]//*[contains(@class,'entry-footer')]//*[contains(@class,'posted')][not(abbr)] | self::*[starts-with(@id,'comment-')]//*[contains(@class,'comment-footer')]/a[last()]
text: self::*[starts-with(@id,'entry-')]//div[contains(@class,'entry-body')] | self::*[starts-with(@id,'comment-')]//div[contains(@class,'comment-content')]
permalink: self::*[starts-with(@id,'entry-')]//a[contains(@class,'permalink')]/@href | self::*[starts-with(@id,'comment-')]//*[contains(@class,'comment-footer')]/a[last()]/@href
native_id: @id
quote: .//blockquote[ancestor::div[contains(@class,'comment-content')]]
next_page: //span[contains(@class,'pager-right')]/a/@href
